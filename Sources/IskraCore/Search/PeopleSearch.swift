// A hook for the people list: which people a search query names. It takes plain strings so
// search does not depend on the people module.

public struct PersonCandidate: Equatable, Sendable {
    public var name: String
    public var aliases: [String]

    public init(name: String, aliases: [String] = []) {
        self.name = name
        self.aliases = aliases
    }
}

public struct PersonMatch: Equatable, Sendable {
    /// Index into the list given to `matchingPeople`.
    public var index: Int
    /// The name or alias that matched.
    public var form: String
}

extension SearchQuery {
    /// People one of whose forms (name or alias) contains every word of the query at word
    /// starts, with the same folding and smart case as the text search; scope and exclusions
    /// are ignored. In list order; exact form matches are not ranked specially.
    public func matchingPeople(_ people: [PersonCandidate]) -> [PersonMatch] {
        let terms = positiveTerms
        if terms.isEmpty { return [] }
        var result: [PersonMatch] = []
        for (i, person) in people.enumerated() {
            for form in [person.name] + person.aliases where matches(form: form, terms: terms) {
                result.append(PersonMatch(index: i, form: form))
                break
            }
        }
        return result
    }

    private func matches(form: String, terms: [SearchTerm]) -> Bool {
        let text = FoldedString(form)
        let starts = text.lower.indices.filter {
            Folding.isWord(text.lower[$0]) && ($0 == 0 || !Folding.isWord(text.lower[$0 - 1]))
        }
        func occurs(_ pattern: FoldedString) -> Bool {
            starts.contains { s in
                guard s + pattern.lower.count <= text.lower.count else { return false }
                for j in pattern.lower.indices {
                    if text.lower[s + j] != pattern.lower[j] { return false }
                    if caseSensitive && text.upper[s + j] != pattern.upper[j] { return false }
                }
                return true
            }
        }
        for term in terms {
            switch term.kind {
            case .word:
                if !occurs(term.folded) { return false }
            case .phrase:
                // Words of a phrase are matched one by one within the form.
                for word in term.text.split(whereSeparator: { $0 == " " }) where !occurs(FoldedString(word)) {
                    return false
                }
            }
        }
        return true
    }
}
