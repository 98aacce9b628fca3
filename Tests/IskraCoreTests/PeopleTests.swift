import IskraCore
import Testing

// Expected counts and positions were taken from the text itself (grep and regular expressions
// over Content/leon-trotsky.txt, then subtracting by hand the occurrences inside work titles),
// not from the matcher's output. Columns are 1-based Unicode scalars.

enum PeopleBook {
    static let registerPath: String = {
        var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)
        return components.joined(separator: "/") + "/Content/leon-trotsky.people"
    }()

    static let register: PeopleRegister = {
        let bytes = try! BookFile.readBytes(path: registerPath)
        return try! PeopleRegister.parse(String(decoding: bytes, as: UTF8.self))
    }()

    static let units: [TextUnit] = TestBook.document.makeUnits()
    static let index = PeopleIndex(document: TestBook.document, register: register)

    static func person(_ id: String) -> Int {
        guard let index = index.index(ofID: id) else { fatalError("no person \(id)") }
        return index
    }

    struct Place: Equatable, CustomStringConvertible {
        var line: Int
        var column: Int
        var text: String
        var description: String { "\(line):\(column) \(text)" }
    }

    static func places(_ id: String) -> [Place] {
        index.mentions(of: person(id)).map { mention in
            let unit = units[mention.unit]
            let (line, column) = unit.paragraph.position(ofScalarOffset: mention.offset)
            let scalars = Array(unit.text.unicodeScalars)[mention.offset..<mention.offset + mention.length]
            return Place(line: line, column: column, text: String(String.UnicodeScalarView(scalars)))
        }
    }

    static func has(_ id: String, _ line: Int, _ column: Int, _ text: String) -> Bool {
        places(id).contains(Place(line: line, column: column, text: text))
    }

    static func anyMention(at line: Int, _ column: Int) -> Bool {
        index.mentions.contains { mention in
            let unit = units[mention.unit]
            let start = unit.paragraph.position(ofScalarOffset: mention.offset)
            return start.line == line && start.column <= column && column < start.column + mention.length
        }
    }
}

@Suite struct PeopleRegisterTests {
    @Test func bundledRegisterListsEveryone() {
        let people = PeopleBook.register.people
        #expect(people.count == 170)
        #expect(Set(people.map(\.id)).count == people.count)
        #expect(people.allSatisfy { !$0.name.isEmpty && $0.verified })
        let trotsky = people[PeopleBook.person("leon-trotsky")]
        #expect(trotsky.born == "1879-11-07")
        #expect(trotsky.aliases.contains("L. D."))
        #expect(people[PeopleBook.person("yan-berzin")].born == nil)
    }

    @Test func everyoneIsMentioned() {
        // The register lists only people the text names outside work titles.
        for (i, person) in PeopleBook.register.people.enumerated() {
            #expect(PeopleBook.index.mentionCount(of: i) > 0, "\(person.id)")
        }
    }

    @Test func parseErrorsCarryLines() {
        #expect(throws: RegisterError(line: 2, message: "unknown key `nam`")) {
            try PeopleRegister.parse("person: a\nnam: A\n")
        }
        #expect(throws: RegisterError(line: 1, message: "`name:` outside a person block")) {
            try PeopleRegister.parse("name: A\n")
        }
        #expect(throws: RegisterError(line: 3, message: "duplicate person id a")) {
            try PeopleRegister.parse("person: a\nname: A\nperson: a\nname: B\n")
        }
        #expect(throws: RegisterError(line: 1, message: "default X is not a form of a")) {
            try PeopleRegister.parse("person: a\nname: A\ndefault: X\n")
        }
    }

    @Test func renderRoundTrips() throws {
        let text = PeopleBook.register.rendered()
        let again = try PeopleRegister.parse(text)
        #expect(again == PeopleBook.register)
    }

    @Test func bracketsMarkTheShadowedPart() {
        let shadow = Shadow(kind: .work, entry: "Trotsky's [Stalin]")
        #expect(shadow?.literal == "Trotsky's Stalin")
        #expect(shadow?.shadowed == 10..<16)
        #expect(shadow?.entry == "Trotsky's [Stalin]")
        #expect(Shadow(kind: .work, entry: "[Stalin") == nil)
    }
}

@Suite struct PeopleMatchTests {
    typealias P = PeopleBook.Place

    @Test func trotskyInAllHisForms() {
        let places = PeopleBook.places("leon-trotsky")
        // 338 whole-word `Trotsky` - 4 inside titles + 25 `Lev Davidovich` + 2 `Lev Davydovich`
        // + 7 `L. D.`/`L.D.` + 1 `Lev Bronstein` + 1 `Leon` (line 72)
        #expect(places.count == 370)
        #expect(Array(places.prefix(4)) == [
            P(line: 1, column: 1, text: "Leon Trotsky"),      // title: one mention, not two
            P(line: 3, column: 1, text: "Leon Trotsky"),      // portrait alt text
            P(line: 5, column: 1, text: "Lev Davidovich Bronshtein"),
            P(line: 5, column: 48, text: "Leon Trotsky"),
        ])
        #expect(PeopleBook.has("leon-trotsky", 59, 424, "Trotsky"))   // Trotsky's
        #expect(PeopleBook.has("leon-trotsky", 588, 238, "Trotsky"))  // Trotsky’s
        #expect(PeopleBook.has("leon-trotsky", 422, 20, "Trotsky"))   // Comrade Trotsky
        #expect(PeopleBook.has("leon-trotsky", 662, 131, "L. D."))
        #expect(PeopleBook.has("leon-trotsky", 702, 155, "L. D."))    // L. D.'s
        #expect(PeopleBook.has("leon-trotsky", 728, 88, "L.D."))
        #expect(PeopleBook.has("leon-trotsky", 344, 401, "Lev Davidovich"))
        #expect(PeopleBook.has("leon-trotsky", 114, 120, "Lev Davydovich"))
        #expect(PeopleBook.has("leon-trotsky", 593, 172, "Lev Bronstein"))
        #expect(PeopleBook.has("leon-trotsky", 72, 273, "Leon"))
        #expect(PeopleBook.has("leon-trotsky", 476, 6, "Leon Trotsky"))  // author of the source `Stalin`
    }

    @Test func namesInWorkTitlesAreNotMentions() {
        #expect(!PeopleBook.anyMention(at: 170, 958))   // Trotsky: A Biography (2010)
        #expect(!PeopleBook.anyMention(at: 264, 80))    // Trotsky (2009)
        #expect(!PeopleBook.anyMention(at: 328, 417))   // Stalin's Nemesis: ...
        #expect(!PeopleBook.anyMention(at: 328, 454))   // ... Murder of Leon Trotsky
        #expect(!PeopleBook.anyMention(at: 603, 201))
        #expect(!PeopleBook.anyMention(at: 476, 20))    // (25) Leon Trotsky, Stalin (4th January, 1937).
        #expect(!PeopleBook.anyMention(at: 226, 220))   // Stalin (1949)
        #expect(!PeopleBook.anyMention(at: 274, 359))   // Stalin (1996)
        #expect(!PeopleBook.anyMention(at: 344, 916))   // Stalin (1941)
        #expect(!PeopleBook.anyMention(at: 654, 286))   // Trotsky's Stalin
        #expect(PeopleBook.anyMention(at: 654, 276))    // ... but Trotsky's is a mention
        #expect(!PeopleBook.anyMention(at: 320, 418))   // Walter G. Krivitsky and the Stalin Terror
        #expect(PeopleBook.anyMention(at: 320, 294))    // ... but `Krivitsky suggested` before it is one
        #expect(!PeopleBook.anyMention(at: 139, 222))   // The Double Life of Arthur Ransome
        #expect(!PeopleBook.anyMention(at: 141, 162))   // Lenin's Global Plot
        #expect(!PeopleBook.anyMention(at: 494, 20))    // Hitler's Austria Coup
        #expect(!PeopleBook.anyMention(at: 577, 106))   // the portrait "Asquith"
        // (16) J. T. Murphy, The Errors of Trotskyism (1925): the author only
        let header = PeopleBook.units.first { $0.kind == .sourceHeader && $0.line == 420 }!
        #expect(PeopleBook.index.mentions(inUnit: header.id).count == 1)
    }

    @Test func derivedWordsAreNotMentions() {
        for unit in PeopleBook.units {
            let scalars = Array(unit.text.unicodeScalars)
            for span in PeopleBook.index.mentions(inUnit: unit.id) {
                let end = span.offset + span.length
                if end < scalars.count {
                    #expect(!scalars[end].properties.isAlphabetic, "line \(unit.line): \(unit.text.prefix(40))")
                }
            }
        }
        // Stalinist, anti-Stalinist, Trotskyists, Trotskyite
        #expect(!PeopleBook.anyMention(at: 304, 198))
        #expect(!PeopleBook.anyMention(at: 278, 987))
        #expect(!PeopleBook.anyMention(at: 320, 495))
        #expect(!PeopleBook.anyMention(at: 450, 393))
    }

    @Test func stalinLeninHitlerMarx() {
        // 150 whole-word `Stalin`, 12 of them inside titles
        #expect(PeopleBook.places("joseph-stalin").count == 138)
        #expect(PeopleBook.has("joseph-stalin", 588, 281, "Stalin"))   // Stalin’s
        #expect(PeopleBook.has("joseph-stalin", 643, 67, "Stalin"))    // the Stalin-Hitler pact
        #expect(PeopleBook.has("adolf-hitler", 643, 74, "Hitler"))
        // 154 `Lenin`, one in a title, plus `Vladimir Ilyich`
        #expect(PeopleBook.places("lenin").count == 154)
        #expect(PeopleBook.has("lenin", 120, 79, "Vladimir Ilyich"))
        #expect(PeopleBook.has("lenin", 120, 96, "Lenin"))
        #expect(PeopleBook.has("lenin", 102, 979, "Lenin"))            // Comrade Lenin's
        #expect(PeopleBook.has("lenin", 498, 227, "Vladimir Lenin"))
        #expect(PeopleBook.places("adolf-hitler").count == 12)
        #expect(PeopleBook.places("h-h-asquith") == [P(line: 577, column: 231, text: "Asquith"),
                                                      P(line: 577, column: 346, text: "Asquith")])
        #expect(PeopleBook.places("karl-marx") == [
            P(line: 9, column: 174, text: "Karl Marx"), P(line: 312, column: 136, text: "Karl Marx"),
            P(line: 558, column: 24, text: "Marx"), P(line: 558, column: 44, text: "Marx"),
            P(line: 627, column: 447, text: "Marx"),
        ])
    }

    @Test func sedovFamily() {
        // 7 `Lev Sedov`, 13 bare `Sedov` (all in his chapters), `Lev and Sergei`, `Leon's book`
        let lev = PeopleBook.places("lev-sedov")
        #expect(lev.count == 22)
        #expect(lev.first == P(line: 114, column: 596, text: "Lev"))
        #expect(PeopleBook.has("lev-sedov", 272, 193, "Lev Sedov"))
        #expect(PeopleBook.has("lev-sedov", 304, 280, "Sedov"))
        #expect(PeopleBook.has("lev-sedov", 304, 845, "Leon"))
        #expect(PeopleBook.has("lev-sedov", 330, 929, "Sedov"))      // Sedov's death
        // 6 `Sergei Sedov`, 3 `Sergei`, 1 `Seryozha`
        let sergei = PeopleBook.places("sergei-sedov")
        #expect(sergei.count == 10)
        #expect(sergei.first == P(line: 76, column: 1, text: "Sergei Sedov"))
        #expect(PeopleBook.has("sergei-sedov", 114, 604, "Sergei"))
        #expect(PeopleBook.has("sergei-sedov", 280, 516, "Seryozha"))
        #expect(PeopleBook.has("sergei-sedov", 322, 49, "Sergei Sedov"))
        // 11 `Natalia/Natalya Sedova`, 9 `Natalia`/`Natalya`, 1 `Natasha`
        let natalia = PeopleBook.places("natalia-sedova")
        #expect(natalia.count == 21)
        #expect(natalia.last == P(line: 730, column: 2, text: "Natasha"))
        #expect(PeopleBook.has("natalia-sedova", 374, 48, "Natalya Sedova"))
        #expect(PeopleBook.has("natalia-sedova", 601, 276, "Natalya"))
        #expect(PeopleBook.has("natalia-sedova", 21, 83, "Natalia"))
    }

    @Test func kamenevAndAlexandra() {
        // 12 `Lev Kamenev` + 17 bare `Kamenev`; his wife Olga once, as `Olga Kamenev`
        #expect(PeopleBook.places("lev-kamenev").count == 29)
        #expect(PeopleBook.has("lev-kamenev", 286, 63, "Kamenev"))     // "I Kamenev"
        #expect(PeopleBook.has("lev-kamenev", 292, 371, "Kamenev"))    // Kamenev's sons
        #expect(PeopleBook.places("olga-kameneva") == [P(line: 7, column: 52, text: "Olga Kamenev")])
        #expect(PeopleBook.places("alexandra-sokolovskaya") == [
            P(line: 11, column: 22, text: "Alexandra Sokolovskaya"), P(line: 11, column: 194, text: "Alexandra"),
            P(line: 14, column: 1, text: "Alexandra Sokolovskaya"), P(line: 17, column: 318, text: "Alexandra"),
            P(line: 21, column: 61, text: "Alexandra"),
        ])
        #expect(PeopleBook.places("alexandra-kollontai").count == 9)
        #expect(PeopleBook.places("alexandra-kollontai").allSatisfy { $0.text == "Alexandra Kollontai" })
    }

    @Test func aliasesNicknamesAndMisspellings() {
        let mercader = PeopleBook.places("ramon-mercader")
        #expect(mercader.count == 11)
        #expect(Array(mercader.prefix(5)) == [
            P(line: 344, column: 61, text: "Ramon Mercader"), P(line: 344, column: 339, text: "Jacson"),
            P(line: 344, column: 347, text: "Mercader"), P(line: 650, column: 80, text: "Ratnon del Rio"),
            P(line: 662, column: 336, text: "Jacson"),   // "Jacson."
        ])
        let krivitsky = PeopleBook.places("walter-krivitsky")
        #expect(krivitsky.count == 9)
        #expect(krivitsky.last == P(line: 342, column: 810, text: "Krivitsky"))  // General Krivitsky
        #expect(PeopleBook.places("vera-zasulich").count == 6)
        #expect(PeopleBook.has("vera-zasulich", 25, 366, "Zasulitch"))
        #expect(PeopleBook.places("felix-dzerzhinsky").count == 14)
        #expect(PeopleBook.has("felix-dzerzhinsky", 200, 550, "Dzerhinsky"))
        #expect(PeopleBook.places("moisei-uritsky").count == 5)
        #expect(PeopleBook.has("moisei-uritsky", 161, 135, "Uritzky"))
        #expect(PeopleBook.places("anatoly-lunacharsky").count == 5)
        #expect(PeopleBook.has("anatoly-lunacharsky", 366, 5, "Anatole Lunarcharsky"))
        #expect(PeopleBook.places("nikolai-bukharin").count == 8)
        #expect(PeopleBook.has("nikolai-bukharin", 102, 58, "Nickolai Bukharin"))
        #expect(PeopleBook.places("mikhail-tomsky") == [P(line: 246, column: 169, text: "Maihail Tomsky")])
        #expect(PeopleBook.places("ivan-smirnov").count == 6)
        #expect(PeopleBook.has("ivan-smirnov", 236, 325, "Srnirnov"))
        let kirov = PeopleBook.places("sergei-kirov")
        #expect(kirov.count == 10)
        #expect(kirov.first == P(line: 276, column: 10, text: "Sergy Kirov"))
        #expect(PeopleBook.places("arthur-ransome").count == 9)
        // 3 `Robert Service` + 6 `Service` (one `Service’s`)
        #expect(PeopleBook.places("robert-service").count == 9)
        #expect(PeopleBook.has("robert-service", 603, 81, "Service"))
        #expect(PeopleBook.has("isaac-deutscher", 592, 140, "Isaac Deutscher"))
    }

    @Test func spansAreSortedAndDisjoint() {
        var previous: Mention?
        for mention in PeopleBook.index.mentions {
            if let p = previous {
                #expect(p.unit < mention.unit || (p.unit == mention.unit && p.offset + p.length <= mention.offset))
            }
            previous = mention
        }
        let total = PeopleBook.units.reduce(0) { $0 + PeopleBook.index.mentions(inUnit: $1.id).count }
        #expect(total == PeopleBook.index.mentions.count)
        #expect(PeopleBook.index.mentions(inUnit: -1).isEmpty)
    }

    @Test func coOccurrence() {
        let zinoviev = PeopleBook.person("grigory-zinoviev"), kamenev = PeopleBook.person("lev-kamenev")
        // lines naming both (each is one unit): 27 90 104 112 226 228 240 246 258 260 270 278 282
        // 284 286 294 296 310 442 496 566 599
        #expect(PeopleBook.index.coOccurrenceCount(zinoviev, kamenev) == 22)
        let list = PeopleBook.index.coOccurrences(of: kamenev)
        #expect(list.first { $0.person == zinoviev }?.units == 22)
        #expect(!list.contains { $0.person == kamenev })
    }
}

@Suite struct PeopleResolutionTests {
    static let register = try! PeopleRegister.parse("""
        work: [Anna] (1900)
        person: anna-ivanova
        name: Anna Ivanova
        aliases: Ivanova; Anna
        default: Ivanova
        person: anna-petrova
        name: Anna Petrova
        aliases: Anna
        context: dear Anna
        person: olga-ivanova
        name: Olga Ivanova
        aliases: Ivanova
        """)

    func mentions(_ text: String) -> [(String, String)] {
        let document = Parser.parse(text: text)
        let index = PeopleIndex(document: document, register: Self.register)
        let units = document.makeUnits()
        return index.mentions.map { m in
            let scalars = Array(units[m.unit].text.unicodeScalars)[m.offset..<m.offset + m.length]
            return (index.people[m.person].id, String(String.UnicodeScalarView(scalars)))
        }
    }

    @Test func latestUnsharedFormInParagraphThenDefault() {
        let found = mentions("Title\n\nOlga Ivanova came. Ivanova left.\n\nIvanova returned.\n")
        #expect(found.map(\.0) == ["olga-ivanova", "olga-ivanova", "olga-ivanova"])
        let other = mentions("Title\n\nIvanova returned. Anna said so.\n")
        // no unshared form anywhere before: defaults; `Anna` has no default and no context
        #expect(other.map(\.0) == ["anna-ivanova"])
    }

    @Test func contextPhraseWinsAndWorksShadow() {
        let found = mentions("Title\n\nAnna Ivanova wrote to her dear Anna. Anna (1900) is a novel.\n")
        #expect(found.map(\.0) == ["anna-ivanova", "anna-petrova"])
        #expect(found.map(\.1) == ["Anna Ivanova", "Anna"])
    }

    @Test func whitespaceRunsAndApostrophes() {
        let found = mentions("Title\n\nAnna  Petrova’s book and Anna Petrova's pen.\n")
        #expect(found.map(\.1) == ["Anna  Petrova", "Anna Petrova"])
    }
}

@Suite struct PeopleSuggesterTests {
    static let text = """
        A Small Chronicle

        Maria Petrova met General Ivan Kolyan in Odessa. Later Petrova wrote to him, and the Red Army \
        marched on Odessa. Comrade Kolyan agreed. Maria Petrova left for Kiev with Pavel de la Cruz.

        The Winter Palace was quiet. Maria Petrova's letter reached Ivan Kolyan.
        """

    @Test func proposesNamesGroupsSurnamesAndCounts() {
        let suggestions = PeopleSuggester.suggest(document: Parser.parse(text: Self.text))
        let byName = Dictionary(uniqueKeysWithValues: suggestions.map { ($0.name, $0) })
        // Maria Petrova x3, `Later Petrova` once (not at a sentence start)
        #expect(byName["Maria Petrova"]?.count == 4)
        #expect(byName["Maria Petrova"]?.aliases == ["Petrova"])
        // General Ivan Kolyan, Ivan Kolyan, Comrade Kolyan
        #expect(byName["Ivan Kolyan"]?.count == 3)
        #expect(byName["Ivan Kolyan"]?.aliases == ["Kolyan"])
        #expect(byName["Ivan Kolyan"]?.honorifics == ["Comrade", "General"])
        #expect(byName["Pavel de la Cruz"]?.count == 1)
        // places, institutions and sentence openers are not proposed
        #expect(byName["Red Army"] == nil)
        #expect(byName["Winter Palace"] == nil)
        #expect(byName["Odessa"] == nil)
        #expect(byName["A Small Chronicle"] == nil)
        #expect(suggestions.first?.name == "Maria Petrova")
    }

    @Test func onTheBookWithoutItsRegisterNoJunkIsProposed() {
        // What a new user saw when the book was opened without its register.
        let units = TestBook.document.makeUnits()
        let suggestions = PeopleSuggester.suggest(units: units)
        let names = Set(suggestions.map(\.name))
        // An adverb opening a sentence, two names side by side, a heading's title case.
        for junk in ["Intellectually Stalin", "Kamenev Stalin", "Leon Trotsky Exiled"] {
            #expect(!names.contains(junk), "\(junk)")
        }
        #expect(names.isSuperset(of: ["Leon Trotsky", "Vladimir Lenin", "Joseph Stalin", "Lev Kamenev"]))
        // Proposals the text never names (a phrase from a source's title) are dropped once matched.
        let register = PeopleSuggester.register(from: suggestions)
        let matched = PeopleIndex(units: units, register: register, sources: TestBook.document.sources)
        #expect(matched.people.indices.contains { matched.mentionCount(of: $0) == 0 })
        let kept = matched.droppingUnmentioned()
        #expect(kept.people.indices.allSatisfy { kept.mentionCount(of: $0) > 0 })
        #expect(kept.mentions.count == matched.mentions.count)
        #expect(kept.mentions.map { kept.people[$0.person].id } == matched.mentions.map { matched.people[$0.person].id })
    }

    @Test func variantsOfOneNameAreOnePersonAndPhrasesAreNone() {
        let text = """
            Notes

            Walter Krivitsky defected. Later Walter G. Krivitsky wrote a book, and Walter Krivitsky \
            died in Washington. Bertrand M. Patenaude and Bertrand M Patenaude are one author. She \
            wrote Six Months in Russia about the Middle West and the Great Turn.
            """
        let suggestions = PeopleSuggester.suggest(document: Parser.parse(text: text))
        let byName = Dictionary(uniqueKeysWithValues: suggestions.map { ($0.name, $0) })
        #expect(byName["Walter Krivitsky"]?.count == 3)
        #expect(byName["Walter Krivitsky"]?.aliases == ["Walter G. Krivitsky"])
        #expect(byName["Walter G. Krivitsky"] == nil)
        let patenaude = suggestions.filter { $0.name.hasPrefix("Bertrand") }
        #expect(patenaude.count == 1 && patenaude.first?.count == 2)
        for phrase in ["Six Months", "Middle West", "Great Turn"] { #expect(byName[phrase] == nil, "\(phrase)") }
    }

    @Test func draftIsAnUnverifiedRegister() throws {
        let suggestions = PeopleSuggester.suggest(document: Parser.parse(text: Self.text))
        let draft = PeopleSuggester.draft(from: suggestions, bookName: "chronicle.txt")
        let register = try PeopleRegister.parse(draft)
        #expect(register.people.count == suggestions.count)
        #expect(register.people.allSatisfy { !$0.verified })
        #expect(draft.contains("# 4 occurrences\nperson: maria-petrova\nname: Maria Petrova\naliases: Petrova\n"))
        // and it is usable at once
        let index = PeopleIndex(document: Parser.parse(text: Self.text), register: register)
        #expect(index.mentionCount(of: index.index(ofID: "maria-petrova")!) == 4)
    }
}
