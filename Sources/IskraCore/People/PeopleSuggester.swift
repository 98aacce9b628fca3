// Proposes people for a book that has no register, so a new book is usable at once and a
// register can be started from the draft. Everything it proposes is marked unverified.
//
// Evidence, strongest first:
// - an honorific before capitalised words (`Comrade Lenin`, `General Krivitsky`, `Professor X`);
// - a sequence of 2-4 capitalised words (initials and particles such as `V.` or `del` allowed
//   inside) that does not contain an institution word (`Army`, `Party`, `Palace`...), does not
//   start with a function word (`The`, `In`...) and contains no month. Titles of works are not
//   recognised: the suggester is a draft, not a verdict;
// - a single capitalised word that is not at the start of a sentence and is the last word of a
//   proposed full name: it becomes that person's surname form (shared when several full names
//   end with it; the most frequent then takes it by default).
// Not proposed: runs in headings and titles (title case runs names into other words: `Leon
// Trotsky Exiled`), a sentence-opening adverb before a name (`Intellectually Stalin`), and two
// names side by side that each occur alone more often than together (`Kamenev Stalin`).

public struct SuggestedPerson: Equatable, Sendable {
    public var name: String
    public var aliases: [String]
    /// Occurrences of the name and its aliases, counted by the suggester's own tokeniser.
    public var count: Int
    public var honorifics: [String]

    public init(name: String, aliases: [String], count: Int, honorifics: [String]) {
        self.name = name
        self.aliases = aliases
        self.count = count
        self.honorifics = honorifics
    }
}

public enum PeopleSuggester {
    static let honorificWords: Set<String> = [
        "Comrade", "General", "Professor", "Father", "Tsar", "Czar", "Mr", "Mr.", "Mrs", "Mrs.", "Dr", "Dr.",
        "President", "Colonel", "Captain", "Admiral", "Marshal", "Sir", "Lady", "Lord", "Madame", "Monsieur",
        "Prosecutor", "Judge", "Count", "Prince", "Princess", "King", "Queen", "Emperor", "Bishop",
    ]
    static let functionWords: Set<String> = [
        "The", "A", "An", "In", "On", "At", "Of", "For", "From", "To", "By", "With", "And", "But", "Or", "If",
        "When", "While", "After", "Before", "During", "Since", "As", "Although", "Though", "This", "That",
        "These", "Those", "His", "Her", "Their", "Its", "Our", "My", "Your", "He", "She", "It", "They", "We",
        "I", "You", "Some", "Many", "Most", "All", "One", "Two", "Three", "Every", "Each", "No", "Not", "So",
        "Then", "Now", "Here", "There", "Why", "How", "What", "Who", "Which", "Where", "Yet", "Thus", "Also",
        "Even", "Only", "Both", "Neither", "Nor", "Under", "Over", "Between", "Against", "Without", "Within",
        "According", "Despite", "Later", "Soon", "Once", "Again", "First", "Second", "Third", "Finally",
        "Comrades", "Mr", "Mrs", "Dr", "Sir", "Is", "Was", "Are", "Were", "Do", "Did", "Has", "Had", "Have",
        "Long", "Live", "Let", "Up", "Tell", "Start", "Show", "Perhaps", "Instead", "However", "Unlike",
        "Like", "Among", "Towards", "Toward", "Through", "Into", "Upon", "Until", "Dear", "Yes", "Oh",
    ]
    /// Numbers and common adjectives that open capitalised phrases but not names (`Six
    /// Months`, `Middle West`, `Great Turn`, `Secret Police`).
    static let phraseOpeners: Set<String> = [
        "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve", "Twenty", "Thirty",
        "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred", "Thousand", "Middle", "Great",
        "Deadly", "Secret", "Holy", "Arctic", "Northern", "Southern", "Eastern", "Western", "Little", "Old",
        "Last", "Next", "Final", "Early", "Late", "Greater", "Upper", "Lower", "Grand", "Can't", "Don't",
    ]
    static let particles = PeopleText.nameParticles
    static let determiners: Set<String> = [
        "The", "A", "An", "This", "That", "These", "Those", "His", "Her", "Their", "Its", "Our", "My", "Your",
    ]
    static let months = Set(PeopleText.months).union(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
    /// Words that make a capitalised sequence an institution, place, event or work, not a person.
    static let thingWords: Set<String> = [
        "Army", "Navy", "Party", "Parties", "Committee", "Commission", "Council", "Union", "Unions",
        "Palace", "Revolution", "Revolutionary", "Government", "Soviet", "Soviets", "Congress", "Conference",
        "Street", "Square", "Bank", "Theater", "Theatre", "University", "Institute", "War", "Times", "News",
        "Guardian", "International", "Opposition", "Republic", "Empire", "States", "Kingdom", "City",
        "Museum", "Library", "Clinic", "Hotel", "Manifesto", "Treaty", "Uprising", "Rebellion", "Day",
        "Days", "Group", "Bureau", "Secretary", "Commissar", "Commissariat", "Society", "Church", "Sea",
        "River", "Mountains", "Ocean", "Gulf", "Island", "Islands", "Port", "Station", "Works", "Mutiny",
        "Terror", "Trial", "Trials", "Guards", "Guard", "Office", "Ministry", "Minister", "Powers",
        "Division", "Command", "Fatherland", "Policy", "Economic", "Democratic", "Democracy", "Social",
        "Socialist", "Communist", "Communists", "Bolshevik", "Bolsheviks", "Menshevik", "Mensheviks",
        "Workers", "Workers'", "Peasants", "Encyclopaedia", "Post-Dispatch", "Telegraph", "Bulletin",
        "Review", "Journal", "Press", "Agency", "Centre", "Center", "Commune", "Testament", "Theses",
        "Assembly", "Duma", "Cheka", "Ukraine", "Russia", "Russian", "Russians", "German", "Germany",
        "British", "English", "England", "France", "French", "American", "America", "Europe", "European",
        "Siberia", "Moscow", "Petrograd", "Paris", "London", "Vienna", "Mexico", "Finland", "Kronstadt",
        "New", "York", "St.", "Petersburg", "Winter", "Red", "White", "Central", "Provisional", "Kremlin",
        "Hall", "House", "Harbor", "Harbour", "Brothers", "Life", "Story", "History", "Lessons", "Errors",
        "Book", "Father's", "Memorial", "Affairs", "Foreign", "Coalition", "Labour", "Labor", "Nazi",
        "Gestapo", "Fourth", "Third", "Second", "First", "Brest-Litovsk", "Iskra", "Pravda", "Izvestia",
    ]

    struct Token {
        var text: String
        var sentenceStart: Bool
        var capitalised: Bool
        var isInitial: Bool
        /// Separated from the previous token only by whitespace.
        var joined: Bool
    }

    /// Candidates from units of text, most frequent first.
    public static func suggest(units: [TextUnit]) -> [SuggestedPerson] { suggest(units: units, stretch: 1 << 16) }

    /// `stretch`: the size in bytes of the stretches a long unit is tokenized in.
    static func suggest(units: [TextUnit], stretch: Int) -> [SuggestedPerson] {
        var fullCounts: [String: Int] = [:]
        var firstSeen: [String: Int] = [:]
        var honorificsOf: [String: Set<String>] = [:]
        var singleCounts: [String: Int] = [:]
        var order = 0
        for unit in units {
            switch unit.kind {
            case .heading, .title, .sourcesHeading: continue
            case .paragraph, .figureAlt, .figureCaption, .sourceHeader: break
            }
            for piece in sentenceStretches(unit.text, size: stretch) {
            let tokens = tokenize(piece)
            var i = 0
            while i < tokens.count {
                let token = tokens[i]
                guard token.capitalised, !token.isInitial || i + 1 < tokens.count else { i += 1; continue }
                // an honorific names whoever follows it
                if honorificWords.contains(token.text), i + 1 < tokens.count, tokens[i + 1].joined,
                   tokens[i + 1].capitalised, !thingWords.contains(tokens[i + 1].text),
                   !functionWords.contains(tokens[i + 1].text) {
                    let run = nameRun(tokens, from: i + 1)
                    let name = run.words.joined(separator: " ")
                    honorificsOf[name, default: []].insert(token.text)
                    if run.words.count == 1 {
                        singleCounts[name, default: 0] += 1
                    } else {
                        fullCounts[name, default: 0] += 1
                    }
                    if firstSeen[name] == nil { firstSeen[name] = order; order += 1 }
                    i = run.end
                    continue
                }
                if token.sentenceStart && isAdverb(token.text) { i += 1; continue }
                let run = nameRun(tokens, from: i)
                let words = run.words
                if words.count >= 2 && words.count <= 4 && acceptable(words) {
                    let name = words.joined(separator: " ")
                    fullCounts[name, default: 0] += 1
                    if firstSeen[name] == nil { firstSeen[name] = order; order += 1 }
                    i = run.end
                    continue
                }
                if words.count == 1 && !token.sentenceStart && !token.isInitial && acceptable(words) {
                    singleCounts[token.text, default: 0] += 1
                }
                // After an article the capitalised run is a name of a thing (`The Red Book`);
                // after another opener (`Later Petrova`) the rest may still be a name.
                i = determiners.contains(token.text) || words.count == 1 ? run.end : i + 1
            }
            }
        }
        // `Bertrand M Patenaude` and `Bertrand M. Patenaude` differ by a dot: one person, named
        // by the more frequent spelling.
        var initialVariants: [String: [String]] = [:]
        var byUndotted: [String: [String]] = [:]
        for name in fullCounts.keys { byUndotted[name.replacingDots(), default: []].append(name) }
        for (_, names) in byUndotted where names.count > 1 {
            let kept = names.max { (fullCounts[$0]!, $1) < (fullCounts[$1]!, $0) }!
            for other in names where other != kept {
                fullCounts[kept]! += fullCounts.removeValue(forKey: other) ?? 0
                honorificsOf[kept, default: []].formUnion(honorificsOf.removeValue(forKey: other) ?? [])
                initialVariants[kept, default: []].append(other)
            }
        }
        // `Walter G. Krivitsky` is `Walter Krivitsky` with a middle initial: one person, whose
        // name is the form without it, the other an alias.
        for name in fullCounts.keys {
            let words = name.split(separator: " ").map(String.init)
            guard words.count >= 3, words.dropFirst().dropLast().allSatisfy({ $0.count <= 2 || $0.hasSuffix(".") })
            else { continue }
            let plain = words.first! + " " + words.last!
            guard fullCounts[plain] != nil else { continue }
            fullCounts[plain]! += fullCounts.removeValue(forKey: name) ?? 0
            honorificsOf[plain, default: []].formUnion(honorificsOf.removeValue(forKey: name) ?? [])
            initialVariants[plain, default: []] += [name] + (initialVariants.removeValue(forKey: name) ?? [])
        }
        // group surnames with the full names that end with them
        var people: [SuggestedPerson] = []
        var bySurname: [String: [Int]] = [:]
        for name in fullCounts.keys.sorted(by: { firstSeen[$0]! < firstSeen[$1]! }) {
            let words = name.split(separator: " ").map(String.init)
            if words.count == 2, let pair = fullCounts[name], honorificsOf[name] == nil,
               words.allSatisfy({ (singleCounts[$0] ?? 0) > pair }) { continue }
            let surname = words.last!
            bySurname[surname, default: []].append(people.count)
            people.append(SuggestedPerson(name: name, aliases: (initialVariants[name] ?? []).sorted(), count: fullCounts[name]!,
                                          honorifics: honorificsOf[name].map { $0.sorted() } ?? []))
        }
        for (single, count) in singleCounts {
            if let owners = bySurname[single] {
                for owner in owners {
                    people[owner].aliases.append(single)
                    let merged = Set(people[owner].honorifics).union(honorificsOf[single] ?? [])
                    people[owner].honorifics = merged.sorted()
                }
                // the surname's own occurrences count once, for the most frequent owner
                let top = owners.max { people[$0].count < people[$1].count }!
                people[top].count += count
            } else if honorificsOf[single] != nil {
                people.append(SuggestedPerson(name: single, aliases: [], count: count,
                                              honorifics: honorificsOf[single]!.sorted()))
            }
        }
        return people.sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
    }

    public static func suggest(document: Document) -> [SuggestedPerson] { suggest(units: document.makeUnits()) }

    /// An unverified register built from the suggestions, usable by `PeopleIndex` as it is.
    public static func register(from suggestions: [SuggestedPerson]) -> PeopleRegister {
        var people: [Person] = []
        var ids: Set<String> = []
        var surnameOwners: [String: [Int]] = [:]
        for suggestion in suggestions {
            var id = slug(suggestion.name)
            var n = 2
            while !ids.insert(id).inserted { id = slug(suggestion.name) + "-\(n)"; n += 1 }
            for alias in suggestion.aliases { surnameOwners[alias, default: []].append(people.count) }
            people.append(Person(id: id, name: suggestion.name, aliases: suggestion.aliases.sorted(),
                                 verified: false))
        }
        // a surname shared by several full names goes to the most frequent one by default
        for (surname, owners) in surnameOwners where owners.count > 1 {
            people[owners[0]].defaults.append(surname)
        }
        return PeopleRegister(people: people, shadows: [])
    }

    /// A register draft in the file format, with counts as comments.
    public static func draft(from suggestions: [SuggestedPerson], bookName: String) -> String {
        let register = register(from: suggestions)
        var out = "# People register draft for \(bookName), proposed by `iskra people --suggest`.\n"
        out += "# Every entry is unverified: check names against the text, merge variants of one person\n"
        out += "# into one block (aliases), add `work:` lines for titles that contain names, then\n"
        out += "# remove `status: unverified`. The format is described in Content/leon-trotsky.people.\n\n"
        for (person, suggestion) in zip(register.people, suggestions) {
            var note = "# \(suggestion.count) occurrence\(suggestion.count == 1 ? "" : "s")"
            if !suggestion.honorifics.isEmpty { note += "; after \(suggestion.honorifics.joined(separator: ", "))" }
            out += note + "\n"
            out += PeopleRegister(people: [person]).rendered()
        }
        return out
    }

    static func slug(_ name: String) -> String {
        var out = ""
        var dash = false
        for scalar in name.lowercased().unicodeScalars {
            if PeopleText.isWordScalar(scalar) {
                if dash && !out.isEmpty { out += "-" }
                out.unicodeScalars.append(scalar)
                dash = false
            } else {
                dash = true
            }
        }
        return out.isEmpty ? "person" : out
    }

    /// `Intellectually`, `Eventually`: a long word with an adverb's ending.
    static func isAdverb(_ word: String) -> Bool {
        word.count >= 7 && ["ally", "ously", "ively", "edly", "ingly", "fully", "ently", "antly", "ably"]
            .contains { word.hasSuffix($0) }
    }

    static func acceptable(_ words: [String]) -> Bool {
        guard let first = words.first, let last = words.last else { return false }
        if functionWords.contains(first) || honorificWords.contains(first) || phraseOpeners.contains(first) { return false }
        if words.contains(where: { thingWords.contains($0) || months.contains($0) }) { return false }
        // a name ends with a real word, not an initial or particle
        if last.hasSuffix(".") || last.unicodeScalars.count < 2 { return false }
        if last.uppercased() == last { return false }  // acronyms: NKVD, GPU
        return true
    }

    /// Capitalised words (with initials and particles inside) starting at `from`, up to 4 words.
    static func nameRun(_ tokens: [Token], from: Int) -> (words: [String], end: Int) {
        var words: [String] = [tokens[from].text]
        var j = from + 1
        while j < tokens.count, words.count < 4, tokens[j].joined, !tokens[j].sentenceStart {
            let token = tokens[j]
            if token.capitalised && !functionWords.contains(token.text) {
                words.append(token.text)
                j += 1
            } else if particles.contains(token.text) {
                // `del Rio`, `de la Cruz`: particles count only before a capitalised word
                var k = j
                while k < tokens.count, particles.contains(tokens[k].text), tokens[k].joined { k += 1 }
                guard k < tokens.count, tokens[k].capitalised, tokens[k].joined, words.count + (k - j) < 4
                else { break }
                words += tokens[j..<k].map(\.text)
                j = k
            } else {
                break
            }
        }
        // drop trailing particles
        while let last = words.last, !(last.unicodeScalars.first!.properties.isUppercase) {
            words.removeLast()
            j -= 1
        }
        return (words, j)
    }

    /// A text in stretches of about `size` bytes, each ending after a sentence (`. ` after a
    /// lower-case letter, so never after an initial; `! `, `? `): no name runs across such an
    /// end, so the stretches give the same tokens as the whole, while a paragraph of megabytes
    /// (a book without line breaks) is never tokenized at once.
    static func sentenceStretches(_ text: String, size: Int = 1 << 16) -> [Substring] {
        let utf8 = text.utf8
        guard utf8.count > size else { return [text[...]] }
        var stretches: [Substring] = []
        var start = utf8.startIndex
        var count = 0
        var i = utf8.startIndex
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        while i < utf8.endIndex {
            let byte = utf8[i]
            let next = utf8.index(after: i)
            count += 1
            if count >= size && byte == 0x20 && (previous == 0x21 || previous == 0x3F
                || (previous == 0x2E && beforePrevious >= 0x61 && beforePrevious <= 0x7A)) {
                stretches.append(text[start ..< next])
                start = next
                count = 0
            }
            beforePrevious = previous
            previous = byte
            i = next
        }
        if start < utf8.endIndex { stretches.append(text[start...]) }
        return stretches
    }

    /// Words: letters, digits, inner hyphens and apostrophes; a possessive `'s` is dropped. An
    /// initial keeps its dot (`V.`). Punctuation other than spaces breaks `joined`.
    static func tokenize(_ text: some StringProtocol) -> [Token] {
        var tokens: [Token] = []
        let s = Array(text.unicodeScalars).map(PeopleText.fold)
        var i = 0
        var sentenceStart = true
        var joined = false
        while i < s.count {
            let c = s[i]
            if PeopleText.isSpace(c) { i += 1; continue }
            if !PeopleText.isWordScalar(c) {
                if c == "." || c == "!" || c == "?" || c == ":" || c == ";" { sentenceStart = true }
                joined = false
                i += 1
                continue
            }
            var j = i
            while j < s.count {
                if PeopleText.isWordScalar(s[j]) { j += 1; continue }
                if (s[j] == "-" || s[j] == "'") && j + 1 < s.count && PeopleText.isWordScalar(s[j + 1]) { j += 1; continue }
                break
            }
            var word = String(String.UnicodeScalarView(s[i..<j]))
            if word.hasSuffix("'s") { word = String(word.dropLast(2)) }
            let first = s[i]
            let capitalised = first.properties.isUppercase
            var isInitial = false
            if capitalised && j - i == 1 && j < s.count && s[j] == "." {
                // `V.` or `L.D.`
                isInitial = true
                word += "."
                j += 1
            } else if capitalised && j - i == 2 && j < s.count && s[j] == "." && s[i + 1].properties.isUppercase {
                isInitial = true
                word += "."
                j += 1
            }
            tokens.append(Token(text: word, sentenceStart: sentenceStart, capitalised: capitalised,
                                isInitial: isInitial, joined: joined && !tokens.isEmpty))
            sentenceStart = false
            joined = true
            i = j
            // after an initial the sentence goes on; after a word's own dot it ends (handled above)
        }
        return tokens
    }
}

private extension String {
    /// Without dots, so that `M.` and `M` compare equal.
    func replacingDots() -> String { String(unicodeScalars.filter { $0 != "." }.map(Character.init)) }
}
