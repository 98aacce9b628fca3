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

/// Candidates folded once, so that matching them on every keystroke costs only comparisons.
public struct PreparedCandidates: Sendable {
    struct Form: Sendable {
        var text: String
        var folded: FoldedString
        var wordStarts: [Int]
    }
    let people: [[Form]]

    public init(_ candidates: [PersonCandidate]) {
        people = candidates.map { candidate in
            ([candidate.name] + candidate.aliases).map { form in
                let folded = FoldedString(form)
                let starts = folded.lower.indices.filter {
                    Folding.isWord(folded.lower[$0]) && ($0 == 0 || !Folding.isWord(folded.lower[$0 - 1]))
                }
                return Form(text: form, folded: folded, wordStarts: starts)
            }
        }
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
        matchingPeople(PreparedCandidates(people))
    }

    /// `among`: only these candidates can match (those that matched a query this one extends).
    public func matchingPeople(_ prepared: PreparedCandidates, among: [Int]? = nil) -> [PersonMatch] {
        let terms = positiveTerms
        if terms.isEmpty { return [] }
        var result: [PersonMatch] = []
        for i in among ?? Array(prepared.people.indices) {
            for form in prepared.people[i] where matches(form, terms: terms) {
                result.append(PersonMatch(index: i, form: form.text))
                break
            }
        }
        return result
    }

    private func matches(_ form: PreparedCandidates.Form, terms: [SearchTerm]) -> Bool {
        let text = form.folded
        let starts = form.wordStarts
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
                for word in term.words where !occurs(word) { return false }
            }
        }
        return true
    }
}
