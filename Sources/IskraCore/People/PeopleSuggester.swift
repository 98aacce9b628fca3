// Proposes people for a book that has no register, so a new book is usable at once and a
// register can be started from the draft. Everything it proposes is marked unverified.
//
// The book itself says which capitalised words are names: a word the book also writes in lower
// case ("poor", "meanwhile", "whale") is a common word that a sentence or a quotation opened,
// never part of a name; a word it never writes in lower case may be one. Evidence, strongest
// first (DECISIONS.md, "Proposed people", says why):
// - an honorific, with or without its full stop (`Mr.`, `Mrs`, `Dr.`, `Captain`, `Comrade`,
//   `Lady`), before capitalised words. Family honorifics (`Mr`, `Mrs`, `Miss`, `Uncle`) name
//   different people of one surname: `Mr Darcy` and `Miss Darcy` are two people unless the
//   text links one of them to a full name (`Miss Georgiana Darcy`);
// - a run of 2-4 capitalised words (initials and particles such as `V.` or `del` inside) with
//   no common, institution or work word (`Army`, `Palace`, `Symphony`, `Mass`), no month, not
//   opening with a function word, an interjection (`O`, `Alas`) or a common word, and not a
//   title followed by a year in parentheses (`Don Giovanni (1787)`);
// - a single word, when it is the first or last word of a proposed full name (`Elizabeth` of
//   `Elizabeth Bennet`, `Trotsky` of `Leon Trotsky`), or when the book treats it as a person:
//   a verb of speech or action after it (`Ahab went`) or a verb of speech before it (`said
//   Elizabeth`), `who`/`whom`/`whose` after it, kinship (`the son of Nun`, `Joshua the son`),
//   being addressed (`“Ishmael, ...`, `..., Lizzy!`); weaker, a possessive or a next sentence
//   going on with `He` or `She` after it opened one. Where the book also puts the word after a
//   preposition of place, an article or `of` (`in Egypt`, `the Philistines`), it needs more
//   evidence, and at least as much as those uses.
// A surname or first name several proposals share goes to the nearest of them by the
// register's shared-form rules, and by default to the most frequent of them, the bare name's
// own uses counted for the one the book names first. Not proposed: runs in
// headings and titles (title case runs names into other words), contractions (`I'll`), and two
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
    /// Honorifics that set apart the members of one family: `Mr Bennet`, `Mrs Bennet` and
    /// `Miss Bennet` are three people.
    static let familyHonorifics: Set<String> = [
        "Mr", "Mrs", "Miss", "Ms", "Master", "Mistress", "Madame", "Mme", "Mademoiselle", "Mlle", "Monsieur",
        "Uncle", "Aunt", "Cousin", "Herr", "Frau", "Fräulein", "Signor", "Signora", "Señor", "Señora", "Messer",
    ]
    static let maleFamilyHonorifics: Set<String> = ["Mr", "Monsieur", "Herr", "Signor", "Señor", "Messer"]
    /// Honorifics of rank or office (`Captain Ahab`, `Comrade Lenin`): the person, not a family.
    static let roleHonorifics: Set<String> = [
        "Comrade", "General", "Gen", "Professor", "Prof", "Father", "Tsar", "Czar", "Dr", "Doctor", "President",
        "Colonel", "Col", "Captain", "Capt", "Admiral", "Commodore", "Major", "Lieutenant", "Lt", "Sergeant", "Sgt",
        "Marshal", "Sir", "Lady", "Lord", "Dame", "Prosecutor", "Judge", "Count", "Countess", "Prince", "Princess",
        "King", "Queen", "Emperor", "Empress", "Bishop", "Archbishop", "Cardinal", "Pope", "Duke", "Duchess",
        "Baron", "Baroness", "Rev", "Reverend", "Saint", "St", "Governor", "Senator", "Chancellor", "Prophet",
        "Don", "Dona", "Doña", "Fra", "Marquis", "Marquess", "Earl", "Viscount", "Chevalier", "Abbé", "Abbot",
        "Consul", "Proconsul", "Praetor", "Tribune", "Legate", "Quaestor",
    ]
    /// Titles that stay in the name when no full name is known: `Sir William`, `Lady Catherine`.
    static let titlesKeptInName: Set<String> = ["Sir", "Lady", "Lord", "Dame"]
    /// Written with a full stop that ends no sentence: `Mr. Darcy`, `Dr. Watson`, `St. Paul`.
    static let abbreviations: Set<String> = [
        "Mr", "Mrs", "Ms", "Dr", "St", "Messrs", "Capt", "Col", "Gen", "Lt", "Sgt", "Rev", "Prof", "Mme", "Mlle",
        "Hon", "Gov", "Sen", "Jr", "Sr",
    ]
    static let honorificWords: Set<String> = familyHonorifics.union(roleHonorifics)
    /// Family titles after which a common word is a surname: `Miss Read`, `Mr. Wood`.
    static let familyTitlesBeforeWords: Set<String> = ["Mr.", "Mrs.", "Ms.", "Mme.", "Mlle.", "Miss", "Mr", "Mrs"]
    static let functionWords: Set<String> = [
        "The", "A", "An", "In", "On", "At", "Of", "For", "From", "To", "By", "With", "And", "But", "Or", "If",
        "When", "While", "After", "Before", "During", "Since", "As", "Although", "Though", "This", "That",
        "These", "Those", "His", "Her", "Their", "Its", "Our", "My", "Your", "He", "She", "It", "They", "We",
        "I", "You", "Some", "Many", "Most", "All", "One", "Two", "Three", "Every", "Each", "No", "Not", "So",
        "Then", "Now", "Here", "There", "Why", "How", "What", "Who", "Which", "Where", "Yet", "Thus", "Also",
        "Even", "Only", "Both", "Neither", "Nor", "Under", "Over", "Between", "Against", "Without", "Within",
        "According", "Despite", "Later", "Soon", "Once", "Again", "First", "Second", "Third", "Finally",
        "Comrades", "Messrs", "Is", "Was", "Are", "Were", "Do", "Did", "Has", "Had", "Have",
        "Long", "Live", "Let", "Up", "Tell", "Start", "Show", "Perhaps", "Instead", "However", "Unlike",
        "Like", "Among", "Towards", "Toward", "Through", "Into", "Upon", "Until", "Till", "Dear", "Dearest",
        "Yes", "Him", "Them", "Me", "Us", "Thee", "Thou", "Thy", "Ye", "Could", "Would", "Should", "Shall",
        "Will", "Can", "Must", "Might", "Does", "Whenever", "Whatever", "Whoever", "Meanwhile", "Moreover",
        "Nevertheless", "Howbeit", "Wherefore", "Therefore", "Whereupon", "Besides", "Indeed", "Still",
        "Poor", "Enter", "Exit", "Suddenly", "Surely", "Verily", "Truly", "Nay", "Yea", "Hence", "Thence",
        "Whence", "Henceforth", "Hither", "Thither", "Hitherto", "Thereupon", "Otherwise", "Likewise",
        "Accordingly", "Consequently", "Furthermore", "Nonetheless", "Notwithstanding",
        // interjections
        "O", "Oh", "Ah", "Aha", "Alas", "Lo", "Behold", "Hark", "Ho", "Ha", "Hurrah", "Huzza", "Avast", "Aye",
        "Ay", "Pray", "Well", "Hush", "Hullo", "Hello", "Farewell", "Amen", "Bless", "Good", "Hail", "Woe",
        // forms of address that stand for a title, not a name: `her Ladyship`
        "Ladyship", "Lordship", "Majesty", "Highness", "Excellency", "Honour", "Honor", "Worship", "Reverence",
        "Monseigneur", "Monsignor", "Sire", "Seigneur", "Messieurs", "Mesdames",
        // the deity is no person for a history's reader (DECISIONS.md, "Proposed people")
        "God", "Almighty", "Providence", "Deity", "Creator", "Heaven",
    ]
    /// Numbers, ordinals and common adjectives that open capitalised phrases but not names (`Six
    /// Months`, `Middle West`, `Great Turn`, `Ninth Symphony`).
    static let phraseOpeners: Set<String> = [
        "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve", "Twenty", "Thirty",
        "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred", "Thousand", "Middle", "Great",
        "Deadly", "Secret", "Holy", "Arctic", "Northern", "Southern", "Eastern", "Western", "Little", "Old",
        "Last", "Next", "Final", "Early", "Late", "Greater", "Upper", "Lower", "Grand", "Can't", "Don't",
        "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh", "Twelfth",
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
        // works of music, letters and scripture
        "Symphony", "Symphonies", "Mass", "Requiem", "Concerto", "Sonata", "Opera", "Overture", "Quartet",
        "Quintet", "Trio", "Suite", "Cantata", "Oratorio", "Psalm", "Psalms", "Gospel", "Epistle", "Chapter",
        "Song", "Songs", "Hymn", "Poem", "Poems", "Ode", "Novel", "Play", "Tragedy", "Comedy", "Variations",
        "Fugue", "Prelude", "Bible", "Project", "Gutenberg", "Gutenberg-tm", "Edition", "Volume", "Letters",
        "Foundation", "Archive", "Lane", "Road", "Park", "Hill", "Court", "Castle", "Abbey", "Row", "Gardens",
        "Bay", "Cape", "Lake", "Mount", "Valley", "Fort", "County", "Shire", "Inn", "Chapel", "Cathedral",
        // newspapers and almanacs, buildings, regions
        "Gazette", "Courant", "Chronicle", "Herald", "Magazine", "Advertiser", "Almanac", "Almanack",
        "Tower", "Bar", "Gate", "Bridge", "Prison", "Hospital", "School", "College", "Academy", "Company",
        "Minor", "Province", "Provinces", "Colony", "Senate", "Legion",
    ]
    /// Verbs that, right after a word, say that it names someone who speaks or acts.
    static let actionVerbs: Set<String> = [
        "said", "says", "saith", "spake", "replied", "cried", "asked", "answered", "exclaimed", "whispered",
        "shouted", "added", "continued", "observed", "rejoined", "returned", "muttered", "murmured", "declared",
        "thought", "felt", "knew", "smiled", "laughed", "wept", "sighed", "nodded", "bowed", "blushed", "paused",
        "hesitated", "went", "came", "ran", "walked", "looked", "spoke", "told", "wrote", "died", "married",
        "begat", "sat", "stood", "turned", "heard", "saw", "loved", "hated", "wished", "hoped", "believed",
        "commanded", "called", "sent", "arose", "answered", "entered", "tells", "writes", "wants", "wanted",
        "seemed", "insisted", "promised", "refused", "agreed", "received", "remembered", "explained", "began",
        "resolved", "determined", "listened", "followed", "smote", "slew", "prayed", "wondered",
        // a history's verbs of command and war
        "summoned", "ordered", "led", "marched", "encamped", "attacked", "fled", "surrendered", "demanded",
        "urged", "persuaded", "learned", "learnt", "perceived", "hastened", "collected", "assembled", "killed",
        "fought", "reigned", "ruled", "governed", "conquered", "defeated", "besieged", "himself", "herself",
    ]
    /// Verbs of speech, which put the speaker after them: `said Elizabeth`.
    static let speechVerbs: Set<String> = [
        "said", "says", "saith", "replied", "cried", "asked", "answered", "exclaimed", "whispered", "shouted",
        "added", "continued", "observed", "rejoined", "returned", "muttered", "murmured", "declared", "spake",
    ]
    static let articles: Set<String> = ["the", "a", "an"]
    static let weakPlacePrepositions: Set<String> = ["to", "from", "of", "unto", "towards", "toward"]
    static let auxiliaries: Set<String> = [
        "was", "is", "had", "has", "were", "are", "shall", "should", "will", "would", "could", "can", "might", "must",
    ]
    static let relativePronouns: Set<String> = ["who", "whom", "whose"]
    static let kinship: Set<String> = [
        "son", "sons", "daughter", "daughters", "wife", "husband", "brother", "sister", "father", "mother",
        "uncle", "aunt", "nephew", "niece", "cousin", "children", "widow", "servant", "friend",
    ]
    static let placePrepositions: Set<String> = [
        "in", "at", "to", "from", "near", "into", "unto", "towards", "toward", "through", "across", "throughout",
    ]

    struct Token {
        /// As written; an initial or abbreviation keeps its full stop (`V.`, `Mr.`), and a
        /// possessive `'s` is dropped.
        var text: String
        /// First word of a sentence, of a clause after `;` or `:`, or of a quotation.
        var sentenceStart: Bool
        var capitalised: Bool
        var isInitial: Bool
        /// Separated from the previous token only by whitespace.
        var joined: Bool
        var possessive = false
        /// An apostrophe inside that is not a name's (`I'll`, `don't`; not `O'Brien`).
        var contraction = false
        /// The last punctuation between the previous token and this one, and the first after
        /// it (a space when there is none).
        var before: Unicode.Scalar = " "
        var after: Unicode.Scalar = " "
    }

    /// How the book uses a capitalised word.
    struct WordUse {
        /// Capitalised, not opening a sentence or quotation.
        var capitalisedInside = 0
    }

    /// Evidence about a single capitalised word.
    struct SingleEvidence {
        var count = 0
        /// Points: 2 for strong evidence (speech, action, addressed, kinship, `who`), 1 for a
        /// possessive.
        var person = 0
        var place = 0
        /// Of those, after `to`, `from`, `of`, `unto`..., which a person's name follows as often
        /// (`sent to Ambiorix`, `the camp of Vercingetorix`)
        var weakPlace = 0
    }

    /// Candidates from units of text, most frequent first.
    public static func suggest(units: [TextUnit]) -> [SuggestedPerson] { suggest(units: units, stretch: 1 << 16) }

    /// `stretch`: the size in bytes of the stretches a long unit is tokenized in.
    static func suggest(units: [TextUnit], stretch: Int) -> [SuggestedPerson] {
        var tokens: [Token] = []
        for unit in units {
            switch unit.kind {
            case .heading, .title, .sourcesHeading: continue
            case .paragraph, .figureAlt, .figureCaption, .sourceHeader: break
            }
            for piece in sentenceStretches(unit.text, size: stretch) { tokenize(piece, into: &tokens) }
        }
        // How the book writes each capitalised word: a word it also writes in lower case often
        // enough is a common word (`Poor`, `Meanwhile`, `Whale`), not a name.
        var uses: [String: WordUse] = [:]
        for token in tokens where token.capitalised && !token.isInitial && !token.contraction {
            if !token.sentenceStart { uses[token.text, default: WordUse()].capitalisedInside += 1 }
            else if uses[token.text] == nil { uses[token.text] = WordUse() }
        }
        // `Be` and `BE` share `be`: counted by the lower-case form, then settled per word once
        var lowerCounts: [String: Int] = [:]
        for key in uses.keys { lowerCounts[key.lowercased()] = 0 }
        for token in tokens where !token.capitalised {
            if let count = lowerCounts[token.text] { lowerCounts[token.text] = count + 1 }
        }
        // Opening a name, a word is common when the book writes it in lower case half as
        // often as capitalised inside sentences (a third, from three times on); further inside
        // a name, only when it does so at least as often (`Sperm Whale`, but `Robert Service`,
        // whose `service` is rarer than his name).
        var commonWords: Set<String> = [], commonInsideNames: Set<String> = []
        for (word, use) in uses {
            let lower = lowerCounts[word.lowercased()] ?? 0
            if lower > 0 && lower * 2 >= use.capitalisedInside || lower >= 3 && lower * 3 >= use.capitalisedInside {
                commonWords.insert(word)
            }
            if lower > 0 && lower >= use.capitalisedInside { commonInsideNames.insert(word) }
        }
        func isCommon(_ word: String) -> Bool { commonWords.contains(word) }
        func isCommonInsideName(_ word: String) -> Bool { commonInsideNames.contains(word) }

        var fullCounts: [String: Int] = [:]
        var firstSeen: [String: Int] = [:]
        var honorificsOf: [String: Set<String>] = [:]
        var workCues: [String: Int] = [:]
        /// `Mr Darcy` -> occurrences; the honorific without its full stop.
        var titledCounts: [String: Int] = [:]
        /// `Mr Darcy` -> `Mr. Darcy` -> occurrences: the spellings to match.
        var titledSpellings: [String: [String: Int]] = [:]
        /// `Mr Darcy` (from `Mr Fitzwilliam Darcy`) -> `Fitzwilliam Darcy`: the text links them.
        var titledLinks: [String: String] = [:]
        var singles: [String: SingleEvidence] = [:]
        var order = 0
        func seen(_ name: String) {
            if firstSeen[name] == nil { firstSeen[name] = order; order += 1 }
        }
        func startsName(_ token: Token, commonAllowed: Bool = false) -> Bool {
            guard token.capitalised && !token.contraction && !functionWords.contains(token.text)
                && !thingWords.contains(token.text) && (commonAllowed || !isCommon(token.text)) && !isAllCapitals(token)
            else { return false }
            // `Overhearing Starbuck`, `Eventually Stalin`: a sentence opened by a participle or an
            // adverb the book never capitalises elsewhere
            return !(token.sentenceStart && (uses[token.text]?.capitalisedInside ?? 0) == 0 && hasVerbalEnding(token.text))
        }

        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            guard token.capitalised, !token.contraction, !token.isInitial || i + 1 < tokens.count else { i += 1; continue }
            // an honorific names whoever follows it
            let honorific = token.text.hasSuffix(".") ? String(token.text.dropLast()) : token.text
            if honorificWords.contains(honorific), i + 1 < tokens.count, tokens[i + 1].joined,
               !tokens[i + 1].sentenceStart, !months.contains(tokens[i + 1].text),
               // `Miss Read`, `Mr. Brown`: after a family title a word is a name even where the
               // book writes it in lower case too
               startsName(tokens[i + 1], commonAllowed: familyTitlesBeforeWords.contains(token.text)) {
                let run = nameRun(tokens, from: i + 1, isCommon: isCommonInsideName)
                // `Don Giovanni (1787)` is an opera; `St. Michael's`, `Saint Antoine` a place or
                // a saint, whose name is nobody's first name here; `Dr. B.` an initial the
                // proposer cannot tell; `Mr. Attorney-General` a title
                if followedByYear(tokens, at: run.end) || honorific == "St" || honorific == "Saint"
                    || run.words.allSatisfy({ $0.hasSuffix(".") || $0.unicodeScalars.count < 2 })
                    || run.words.count == 1 && isTitle(run.words[0]) { i = run.end; continue }
                let rest = run.words.joined(separator: " ")
                let key = honorific + " " + rest
                titledCounts[key, default: 0] += 1
                if run.words.count == 1 { seen(rest) }
                titledSpellings[key, default: [:]][token.text + " " + rest, default: 0] += 1
                seen(key)
                if run.words.count > 1 {
                    // `Mr Fitzwilliam Darcy`: a full name, to which `Mr Darcy` (and `Sir
                    // William` of `Sir William Lucas`) belong
                    fullCounts[rest, default: 0] += 1
                    honorificsOf[rest, default: []].insert(honorific)
                    seen(rest)
                    titledLinks[honorific + " " + run.words.last!] = rest
                    titledLinks[honorific + " " + run.words.first!] = rest
                }
                i = run.end
                continue
            }
            // After an article the capitalised run is a name of a thing (`The Weekly Gazette`)
            if determiners.contains(token.text) {
                i = i + 1 < tokens.count && tokens[i + 1].joined && tokens[i + 1].capitalised
                    ? max(nameRun(tokens, from: i + 1, isCommon: { _ in false }).end, i + 1) : i + 1
                continue
            }
            // a place or work word opening a run names a thing with the words after it: `New
            // Bedford`, `Fort Sumter` (no `Bedford` alone)
            if thingWords.contains(token.text), i + 1 < tokens.count, tokens[i + 1].joined, !tokens[i + 1].sentenceStart,
               tokens[i + 1].capitalised, !tokens[i].possessive, !functionWords.contains(tokens[i + 1].text) {
                i = max(nameRun(tokens, from: i, isCommon: isCommonInsideName).end, i + 1)
                continue
            }
            if !startsName(token) || token.sentenceStart && isAdverb(token.text) { i += 1; continue }
            let run = nameRun(tokens, from: i, isCommon: isCommonInsideName)
            let words = run.words
            if words.count >= 2 && words.count <= 4 && acceptable(words) {
                let name = words.joined(separator: " ")
                fullCounts[name, default: 0] += 1
                seen(name)
                if followedByYear(tokens, at: run.end) && !afterKinship(tokens, at: i) { workCues[name, default: 0] += 1 }
                // `the North Tower`, `in Asia Minor`: a thing or a place
                // (`in Franz Josef's time` is his)
                if i > 0, !token.sentenceStart, tokens[i].joined, !tokens[i - 1].capitalised, !tokens[run.end - 1].possessive,
                   articles.contains(tokens[i - 1].text) || tokens[i - 1].text == "in" || tokens[i - 1].text == "within" {
                    workCues[name, default: 0] += 1
                }
                i = run.end
                continue
            }
            if words.count == 1 && !token.isInitial && acceptable(words) {
                var evidence = singles[token.text] ?? SingleEvidence()
                evidence.count += 1
                evidence.person += personEvidence(tokens, at: i)
                if i > 0, !token.sentenceStart, !tokens[i - 1].capitalised, tokens[i - 1].joined,
                   placePrepositions.contains(tokens[i - 1].text) || articles.contains(tokens[i - 1].text)
                    || tokens[i - 1].text == "of" && !(i > 1 && kinship.contains(tokens[i - 2].text)) {
                    // `in Egypt`, `the Philistines`, `king of Babylon` (not `son of Nun`)
                    evidence.place += 1
                    // (not `Hiero of Syracuse`: a name and `of` before a place)
                    if weakPlacePrepositions.contains(tokens[i - 1].text)
                        && !(tokens[i - 1].text == "of" && i > 1 && tokens[i - 2].capitalised) { evidence.weakPlace += 1 }
                }
                singles[token.text] = evidence
                seen(token.text)
            }
            // after another opener (`Later Petrova`) the rest may still be a name
            i = words.count == 1 ? max(run.end, i + 1) : i + 1
        }
        return group(fullCounts: fullCounts, firstSeen: firstSeen, honorificsOf: honorificsOf, workCues: workCues,
                     titledCounts: titledCounts, titledSpellings: titledSpellings, titledLinks: titledLinks,
                     singles: singles)
    }

    /// A year in parentheses right after a capitalised phrase makes it a work: `Don Giovanni
    /// (1787)`. A span of years (`(1879-1940)`) is a life and is not counted.
    static func followedByYear(_ tokens: [Token], at j: Int) -> Bool {
        guard j < tokens.count, tokens[j].before == "(", tokens[j].after == ")" else { return false }
        let text = tokens[j].text
        return text.utf8.count == 4 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// A kinship word shortly before, in the same sentence: `two daughters, Zinaida Volkova
    /// (1901) and Nina Nevelson (1902)` are people with their birth years, not works.
    static func afterKinship(_ tokens: [Token], at i: Int) -> Bool {
        var j = i
        while j > 0 && j > i - 8 && !tokens[j].sentenceStart {
            j -= 1
            if kinship.contains(tokens[j].text) { return true }
        }
        return false
    }

    /// Points of evidence that the single word at `i` names a person (see the file's header).
    static func personEvidence(_ tokens: [Token], at i: Int) -> Int {
        let token = tokens[i]
        let next = i + 1 < tokens.count && !tokens[i + 1].sentenceStart ? tokens[i + 1] : nil
        let previous = i > 0 && !token.sentenceStart ? tokens[i - 1] : nil
        if let next, !next.capitalised {
            // `Ahab went`, `Darcy, who`, `Joshua the son of Nun`, `Saul his son`
            if token.after == " " && actionVerbs.contains(next.text) { return 2 }
            // (`Hiero of Syracuse, whom`: the pronoun is Hiero's)
            if (token.after == " " || token.after == ",") && relativePronouns.contains(next.text)
                && !(i > 1 && tokens[i - 1].text == "of" && token.joined && tokens[i - 2].capitalised) { return 2 }
            if token.after == " " || token.after == ",", next.text == "the" || next.text == "his" || next.text == "her",
               i + 2 < tokens.count, tokens[i + 2].joined, kinship.contains(tokens[i + 2].text) { return 2 }
        }
        if let previous, !previous.capitalised, token.joined || token.before == "," {
            // `said Elizabeth`, `son of Nun`
            if speechVerbs.contains(previous.text) { return 2 }
            if previous.text == "of", i > 1, tokens[i - 1].joined, kinship.contains(tokens[i - 2].text) { return 2 }
        }
        // addressed: `“Ishmael, come here”`, `“You are right, Lizzy!”`
        if token.sentenceStart && (token.before == "\u{201C}" || token.before == "\"") && token.after == "," { return 2 }
        if token.before == "," && (token.after == "!" || token.after == "?") { return 2 }
        if token.possessive {
            // `Tellson's Bank`, `Poor Richard's Almanac`, `at Tellson's`: a house or a work
            if i + 1 < tokens.count, tokens[i + 1].joined, tokens[i + 1].capitalised, thingWords.contains(tokens[i + 1].text) { return 0 }
            if let previous, !previous.capitalised, token.joined, placePrepositions.contains(previous.text) { return 0 }
            // `Tellson's, in`, `Tellson's had`: no noun after it, the possessive of a shop or a house
            if token.after != " " || next.map({ auxiliaries.contains($0.text) }) == true { return 0 }
            return 1
        }
        // `Vercingetorix encamped`: a verb in the past right after it
        if let next, !next.capitalised, token.after == " ", next.text.count >= 5, next.text.hasSuffix("ed") { return 1 }
        // the subject of a sentence that the next one continues as `He` or `She`
        if token.sentenceStart {
            var j = i + 1
            while j < tokens.count && j <= i + 40 && !tokens[j].sentenceStart { j += 1 }
            if j < tokens.count && j <= i + 40 && (tokens[j].text == "He" || tokens[j].text == "She") { return 1 }
        }
        return 0
    }

    /// People from the counts: full names with the surnames and first names that stand for
    /// them, people known by an honorific and a name, and single names with enough evidence.
    static func group(fullCounts inputCounts: [String: Int], firstSeen: [String: Int], honorificsOf inputHonorifics: [String: Set<String>],
                      workCues: [String: Int], titledCounts: [String: Int], titledSpellings: [String: [String: Int]],
                      titledLinks: [String: String], singles: [String: SingleEvidence]) -> [SuggestedPerson] {
        var fullCounts = inputCounts
        var honorificsOf = inputHonorifics
        // A phrase followed by a year in parentheses as often as not is a work, unless an
        // honorific names it.
        for (name, cues) in workCues where cues * 2 >= (fullCounts[name] ?? 0) && honorificsOf[name] == nil {
            fullCounts[name] = nil
        }
        // `Bertrand M Patenaude` and `Bertrand M. Patenaude` differ by a dot: one person, named
        // by the more frequent spelling.
        var initialVariants: [String: [String]] = [:]
        var renamed: [String: String] = [:]
        /// One person under two names: `name`'s uses, honorifics and variants go to `kept`, and
        /// whatever was renamed to `name` now names `kept`.
        func merge(_ name: String, into kept: String) {
            fullCounts[kept]! += fullCounts.removeValue(forKey: name) ?? 0
            honorificsOf[kept, default: []].formUnion(honorificsOf.removeValue(forKey: name) ?? [])
            initialVariants[kept, default: []] += [name] + (initialVariants.removeValue(forKey: name) ?? [])
            renamed[name] = kept
            for (from, to) in renamed where to == name { renamed[from] = kept }
        }
        var byUndotted: [String: [String]] = [:]
        for name in fullCounts.keys { byUndotted[name.replacingDots(), default: []].append(name) }
        for (_, names) in byUndotted where names.count > 1 {
            let kept = names.max { (fullCounts[$0]!, $1) < (fullCounts[$1]!, $0) }!
            for other in names where other != kept { merge(other, into: kept) }
        }
        // `Walter G. Krivitsky` is `Walter Krivitsky` with a middle initial: one person, whose
        // name is the form without it, the other an alias.
        for name in fullCounts.keys {
            let words = name.split(separator: " ").map(String.init)
            guard words.count >= 3, words.dropFirst().dropLast().allSatisfy({ $0.count <= 2 || $0.hasSuffix(".") })
            else { continue }
            let plain = words.first! + " " + words.last!
            guard fullCounts[plain] != nil else { continue }
            merge(name, into: plain)
        }
        // `T. Labienus` is `Titus Labienus` when he is the only Labienus of that initial, and
        // `Julius Caesar` is `Caius Julius Caesar` when he is the only one of those two last
        // names (not `John Adams` beside `John Quincy Adams`: a first and a last name may be a
        // father's).
        var byLast: [String: [String]] = [:]
        for name in fullCounts.keys { byLast[String(name.split(separator: " ").last!), default: []].append(name) }
        for (_, names) in byLast where names.count > 1 {
            for name in names.sorted() where fullCounts[name] != nil {
                let words = name.split(separator: " ").map(String.init)
                let matches = names.filter { other in
                    guard other != name, fullCounts[other] != nil else { return false }
                    let full = other.split(separator: " ").map(String.init)
                    if full.count == words.count {
                        // initials agreeing with full words
                        return words.contains { $0.hasSuffix(".") } && zip(words, full).allSatisfy { short, long in
                            short == long || short.hasSuffix(".") && !long.hasSuffix(".") && long.count > 2
                                && long.first == short.first
                        }
                    }
                    return full.count == words.count + 1 && words.count >= 2 && !words[0].hasSuffix(".")
                        && Array(full.dropFirst()) == words
                }
                guard matches.count == 1, var kept = matches.first else { continue }
                var name = name
                // of a name and its last two words the more frequent names the person (`Jesus
                // Christ`, not `Saviour Jesus Christ`); an initial never does
                if !words.contains(where: { $0.hasSuffix(".") }), fullCounts[name]! > fullCounts[kept]! { swap(&name, &kept) }
                merge(name, into: kept)
            }
        }
        var people: [SuggestedPerson] = []
        var firstSeenOfPerson: [Int] = []
        var personOfName: [String: Int] = [:]
        var bySurname: [String: [Int]] = [:]
        var byFirstName: [String: [Int]] = [:]
        for name in fullCounts.keys.sorted(by: { firstSeen[$0]! < firstSeen[$1]! }) {
            let words = name.split(separator: " ").map(String.init)
            let single = { (word: String) in singles[word]?.count ?? 0 }
            // names side by side (`Kamenev Stalin`) rarely meet; a full name the book writes
            // five times or more, and at least a fifth as often as each of its words alone, is a
            // name (`Sydney Carton` 32 times, `Carton` 157); `Simon Peter` beside a far more
            // frequent `Peter` stays a pair
            if let run = fullCounts[name], honorificsOf[name] == nil, words.allSatisfy({ single($0) > run }),
               run < 5 || words.contains(where: { single($0) > 5 * run }) { continue }
            personOfName[name] = people.count
            bySurname[words.last!, default: []].append(people.count)
            byFirstName[words.first!, default: []].append(people.count)
            firstSeenOfPerson.append(firstSeen[name]!)
            people.append(SuggestedPerson(name: name, aliases: (initialVariants[name] ?? []).sorted(), count: fullCounts[name]!,
                                          honorifics: honorificsOf[name].map { $0.sorted() } ?? []))
        }
        // `David` long before `Shimeah David` and five times as often is not that full name's
        // surname (a person of his own when the evidence says so).
        var titledByRest: [String: Int] = [:]
        for (key, count) in titledCounts { titledByRest[splitHonorific(key).rest, default: 0] += count }
        for (surname, owners) in bySurname {
            guard let seenAlone = firstSeen[surname], owners.allSatisfy({ firstSeenOfPerson[$0] > seenAlone }),
                  (titledByRest[surname] ?? 0) > 0 || singles[surname].map(isPerson) == true else { continue }
            let alone = (singles[surname]?.count ?? 0) + (titledByRest[surname] ?? 0)
            if alone >= 5 * owners.reduce(0, { $0 + people[$1].count }) { bySurname[surname] = nil }
        }
        // Honorific forms: `Mr Darcy`, `Captain Ahab`, `Sir William`.
        var familyClasses: [String: Set<String>] = [:]
        for key in titledCounts.keys {
            let (honorific, rest) = splitHonorific(key)
            if !rest.contains(" ") && familyHonorifics.contains(honorific) { familyClasses[rest, default: []].insert(honorific) }
        }
        var roleSingles: [String: Int] = [:]
        var singleOwners: [String: [Int]] = [:]
        for key in titledCounts.keys.sorted(by: { firstSeen[$0]! < firstSeen[$1]! }) {
            let (honorific, rest) = splitHonorific(key)
            let count = titledCounts[key]!
            let spellings = (titledSpellings[key] ?? [:]).sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
            if rest.contains(" ") {
                // the full name counted it; nothing more to do
                if let target = personOfName[renamed[rest] ?? rest] { people[target].honorifics = Array(Set(people[target].honorifics + [honorific])).sorted() }
                continue
            }
            let family = familyHonorifics.contains(honorific)
            var target: Int?
            if let linked = titledLinks[key], let owner = personOfName[renamed[linked] ?? linked] {
                target = owner
            } else {
                let surnameOwners = bySurname[rest] ?? []
                // `Sir William`, `Lady Catherine` go with first names; other titles with surnames
                let owners = surnameOwners.isEmpty && titlesKeptInName.contains(honorific) ? (byFirstName[rest] ?? []) : surnameOwners
                // A family honorific joins a full name only when the text links them: `Mr
                // Harrow` may be the father of `Edmund Harrow`, `Uncle Morley` is not his nephew.
                if owners.count == 1 && !family { target = owners[0] }
                else if owners.isEmpty && (familyClasses[rest]?.count ?? 0) <= 1 && !titlesKeptInName.contains(honorific)
                            && (byFirstName[rest] ?? []).count < 2 {
                    // nobody else of the name: `Captain Ahab`, `Mr. Queequeg` are `Ahab`, `Queequeg`
                    roleSingles[rest, default: 0] += count
                    continue
                }
            }
            if let target {
                // the bare name is theirs too (shared when others of the name are proposed)
                if !(singleOwners[rest] ?? []).contains(target) && !(bySurname[rest] ?? []).contains(target) {
                    singleOwners[rest, default: []].append(target)
                }
                if !people[target].aliases.contains(rest) { people[target].aliases.append(rest) }
                people[target].count += count
                people[target].honorifics = Array(Set(people[target].honorifics + [honorific])).sorted()
                // a family honorific's form tells one relative from another, so it is kept
                if family { people[target].aliases += spellings }
                continue
            }
            // a person of their own: `Mrs Bennet` beside `Mr Bennet`, `General Tilney` beside
            // his sons
            personOfName[key] = people.count
            // `Sir John` (or `King John`) among full names starting `John`: a bare `John` is not his
            let firstNameOf = (byFirstName[rest] ?? []).count
            if !(titlesKeptInName.contains(honorific) && firstNameOf > 0 || firstNameOf >= 2) {
                singleOwners[rest, default: []].append(people.count)
            }
            firstSeenOfPerson.append(firstSeen[key]!)
            people.append(SuggestedPerson(name: spellings.first ?? key, aliases: Array(spellings.dropFirst()),
                                          count: count, honorifics: [honorific]))
        }
        // Single names: a surname or first name of proposed people, a name an honorific gave,
        // or a word with the evidence of a person.
        for (single, evidence) in singles.sorted(by: { firstSeen[$0.key]! < firstSeen[$1.key]! }) {
            let byRole = roleSingles[single] ?? 0
            let isPerson = byRole > 0 || Self.isPerson(evidence)
            // A word mostly after `the`, `in`, `of`... (`the Pequod`, `the Leviathan`), or far more
            // often there than with a person's signs (`the Indian`), names a thing, a place or a
            // people, not the proposal it ends or starts.
            // (Counted only from ten uses: a rare surname's few `to Radek` say little.)
            let namesThing = evidence.count >= 10
                && (evidence.place * 2 >= evidence.count || evidence.place > 2 * evidence.person + 2)
            var owners = (namesThing ? [] : bySurname[single] ?? []) + (singleOwners[single] ?? [])
            // a first name stands for its full name when only one proposal starts with it
            // (not a name an honorific gave alone, nor one used first and five times as often:
            // `Stubb` is no first name of `Stubb Kills`)
            if owners.isEmpty, !namesThing, byRole == 0, let firstOwners = byFirstName[single], firstOwners.count == 1,
               !(firstSeen[single]! < firstSeenOfPerson[firstOwners[0]] && evidence.count >= 5 * people[firstOwners[0]].count) {
                owners = firstOwners
            }
            if owners.isEmpty {
                // a word mostly after `at`, `of`, `to`... (`at Tellson's`) names a place or a
                // house, however often its possessive is written
                guard isPerson, byRole > 0 || !namesThing else { continue }
                // the first name of several proposals (`John` of `John Bigelow` and `John
                // Collins`) names one or another of them, and nobody of its own
                // (unless the book uses it alone more often than all of them: `Jane` beside two
                // minor Janes)
                if byRole == 0, let bearers = byFirstName[single], bearers.count >= 2,
                   evidence.count <= bearers.reduce(0, { $0 + people[$1].count }) { continue }
                personOfName[single] = people.count
                firstSeenOfPerson.append(firstSeen[single]!)
                people.append(SuggestedPerson(name: single, aliases: [], count: evidence.count, honorifics: []))
                continue
            }
            guard !owners.isEmpty else { continue }
            for owner in owners where !people[owner].aliases.contains(single) {
                people[owner].aliases.append(single)
            }
            // The word's own occurrences count once, for the owner the book names first (a
            // biography names its subject before his father), who then takes it by default.
            // Of one family's members (`Madame Defarge`, `Monsieur Defarge`) the bare surname is
            // the man's, as the books of the period write it.
            let men = owners.filter { !Set(people[$0].honorifics).isDisjoint(with: maleFamilyHonorifics) }
            let top = men.count == 1 && owners.allSatisfy({ !people[$0].name.contains(" ") || people[$0].honorifics.contains { familyHonorifics.contains($0) } })
                ? men[0] : owners.min { firstSeenOfPerson[$0] < firstSeenOfPerson[$1] }!
            people[top].count += evidence.count
        }
        for name in roleSingles.keys where personOfName[name] == nil {
            // named only with a title (`Captain Bildad`, never alone)
            firstSeenOfPerson.append(Int.max)
            people.append(SuggestedPerson(name: name, aliases: [], count: 0, honorifics: []))
            personOfName[name] = people.count - 1
        }
        var honorificsBySingle: [String: Set<String>] = [:]
        for key in titledCounts.keys {
            let (honorific, rest) = splitHonorific(key)
            if roleSingles[rest] != nil { honorificsBySingle[rest, default: []].insert(honorific) }
        }
        for (name, honorifics) in honorificsBySingle {
            guard let p = personOfName[name] else { continue }
            people[p].count += roleSingles[name] ?? 0
            people[p].honorifics = Array(Set(people[p].honorifics).union(honorifics)).sorted()
        }
        for p in people.indices { people[p].aliases = people[p].aliases.filter { $0 != people[p].name } }
        return people.sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
    }

    /// Where the book also puts the word after `in`, `at`, `the`..., one sign of a person is
    /// not enough (`Prague loved it`, `the Philistines heard it`).
    static func isPerson(_ evidence: SingleEvidence) -> Bool {
        // (a use after `to`, `from`, `of` counts half against it)
        let place = evidence.place - evidence.weakPlace + (evidence.weakPlace + 1) / 2
        return evidence.person >= (evidence.place > 0 ? 4 : 2) && evidence.person >= place
    }

    static func splitHonorific(_ key: String) -> (honorific: String, rest: String) {
        let space = key.firstIndex(of: " ")!
        return (String(key[..<space]), String(key[key.index(after: space)...]))
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
            // a name can be another proposal's alias (`Ahab` and `Mrs. Ahab`'s bare `Ahab`)
            for form in Set([suggestion.name] + suggestion.aliases) { surnameOwners[form, default: []].append(people.count) }
            people.append(Person(id: id, name: suggestion.name, aliases: suggestion.aliases.sorted(),
                                 verified: false))
        }
        // a form shared by several proposals goes to the most frequent one by default
        for (surname, owners) in surnameOwners where owners.count > 1 {
            people[owners[0]].defaults.append(surname)
        }
        for p in people.indices { people[p].defaults.sort() }
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

    /// `LORD`, `GOD`, `NKVD`: capitals throughout, not an initial.
    static func isAllCapitals(_ token: Token) -> Bool {
        !token.isInitial && token.text.unicodeScalars.count >= 2 && token.text.uppercased() == token.text
    }

    /// `Overhearing`, `Suddenly`, `Astonished`: the ending of a participle or an adverb.
    static func hasVerbalEnding(_ word: String) -> Bool {
        word.count >= 6 && (word.hasSuffix("ing") || word.hasSuffix("ly") || word.hasSuffix("ed"))
    }

    /// `Intellectually`, `Eventually`: a long word with an adverb's ending.
    static func isAdverb(_ word: String) -> Bool {
        word.count >= 7 && ["ally", "ously", "ively", "edly", "ingly", "fully", "ently", "antly", "ably"]
            .contains { word.hasSuffix($0) }
    }

    /// A title alone: `Attorney-General`, `Lieutenant-Governor`.
    static func isTitle(_ word: String) -> Bool {
        guard let dash = word.lastIndex(of: "-") else { return false }
        return honorificWords.contains(String(word[word.index(after: dash)...]))
    }

    static func acceptable(_ words: [String]) -> Bool {
        guard let first = words.first, let last = words.last else { return false }
        if functionWords.contains(first) || honorificWords.contains(first) || phraseOpeners.contains(first) { return false }
        if words.contains(where: { thingWords.contains($0) || months.contains($0) }) { return false }
        if words.count == 1 && isTitle(first) { return false }
        // a name ends with a real word, not an initial or particle
        if last.hasSuffix(".") || last.unicodeScalars.count < 2 { return false }
        if last.uppercased() == last { return false }  // acronyms: NKVD, GPU, LORD
        return true
    }

    /// Capitalised words (with initials and particles inside) starting at `from`, up to 4 words;
    /// a common word, an honorific (the start of another name) or a contraction ends it.
    static func nameRun(_ tokens: [Token], from: Int, isCommon: (String) -> Bool) -> (words: [String], end: Int) {
        var words: [String] = [tokens[from].text]
        var j = from + 1
        // a possessive ends a name: `Martha's Vineyard`, `Darcy's Pemberley`
        while !tokens[from].possessive, j < tokens.count, words.count < 4, tokens[j].joined, !tokens[j].sentenceStart {
            let token = tokens[j]
            let bare = token.text.hasSuffix(".") ? String(token.text.dropLast()) : token.text
            if token.capitalised && !functionWords.contains(token.text) && !token.contraction
                && !honorificWords.contains(bare) && (token.isInitial || !isCommon(token.text) && !isAllCapitals(token))
                && !isAdverb(token.text) {
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
            if tokens[j - 1].possessive { break }
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
    /// initial keeps its dot (`V.`), and so does an abbreviation (`Mr.`), which ends no
    /// sentence. Punctuation other than spaces breaks `joined`.
    static func tokenize(_ text: some StringProtocol) -> [Token] {
        var tokens: [Token] = []
        tokenize(text, into: &tokens)
        return tokens
    }

    static func tokenize(_ text: some StringProtocol, into tokens: inout [Token]) {
        var s: [Unicode.Scalar] = []
        s.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { s.append(PeopleText.fold(scalar)) }
        // a word's UTF-8, reused from word to word: making strings from bytes is the fast way
        var wordBytes: [UInt8] = []
        wordBytes.reserveCapacity(64)
        let firstOfText = tokens.count
        var i = 0
        var sentenceStart = true
        var joined = false
        var before: Unicode.Scalar = " "
        while i < s.count {
            let c = s[i]
            if PeopleText.isSpace(c) { i += 1; continue }
            if !PeopleText.isWordScalar(c) {
                // an opening quotation starts a sentence of its own: `said she, “Poor Jane`
                if c == "." || c == "!" || c == "?" || c == ":" || c == ";" || c == "\u{201C}"
                    || (c == "\"" && (i + 1 < s.count && PeopleText.isWordScalar(s[i + 1]))) {
                    sentenceStart = true
                }
                if tokens.count > firstOfText && tokens[tokens.count - 1].after == " " && before == " " {
                    tokens[tokens.count - 1].after = c
                }
                before = c
                joined = false
                i += 1
                continue
            }
            var j = i
            var apostrophe = -1
            while j < s.count {
                if PeopleText.isWordScalar(s[j]) { j += 1; continue }
                if (s[j] == "-" || s[j] == "'") && j + 1 < s.count && PeopleText.isWordScalar(s[j + 1]) {
                    if s[j] == "'" && apostrophe < 0 { apostrophe = j }
                    j += 1
                    continue
                }
                break
            }
            wordBytes.removeAll(keepingCapacity: true)
            for k in i..<j {
                let value = s[k].value
                if value < 0x80 { wordBytes.append(UInt8(value)) } else { UTF8.encode(s[k]) { wordBytes.append($0) } }
            }
            var word = String(decoding: wordBytes, as: UTF8.self)
            var possessive = false
            if word.hasSuffix("'s") {
                word = String(word.dropLast(2))
                possessive = true
                if apostrophe == j - 2 { apostrophe = -1 }
            }
            let first = s[i]
            let capitalised = first.properties.isUppercase
            // `O'Brien`, `D'Arcy` are names; `I'll`, `Don't`, `'tis` are not
            let contraction = apostrophe >= 0 && !(apostrophe + 1 < j && s[apostrophe + 1].properties.isUppercase)
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
            } else if capitalised && j < s.count && s[j] == "." && !possessive && abbreviations.contains(word) {
                word += "."
                j += 1
            }
            tokens.append(Token(text: word, sentenceStart: sentenceStart, capitalised: capitalised,
                                isInitial: isInitial, joined: joined && tokens.count > firstOfText,
                                possessive: possessive, contraction: contraction, before: before))
            sentenceStart = false
            joined = true
            before = " "
            i = j
            // after an initial or abbreviation the sentence goes on; after a word's own dot it
            // ends (handled above)
        }
    }
}

private extension String {
    /// Without dots, so that `M.` and `M` compare equal.
    func replacingDots() -> String { String(unicodeScalars.filter { $0 != "." }.map(Character.init)) }
}
