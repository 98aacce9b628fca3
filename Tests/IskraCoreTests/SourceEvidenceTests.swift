@testable import IskraCore
import Testing

// Expected values were read from each header and each narrative paragraph by hand (see the
// report of issue 13), not copied from the code's output.

enum EvidenceBook {
    static let book = Book(document: TestBook.document, register: PeopleBook.register)
    static let catalog = SourceCatalog(book: book)

    static func entry(_ number: Int) -> SourceInfo { catalog.entries[number - 1] }

    /// A small book: its text, parsed, with an optional register.
    static func make(_ text: String, register: String? = nil) -> (Book, SourceCatalog) {
        let document = Parser.parse(bytes: Array(text.utf8), path: "test.txt")
        let book = Book(document: document, register: register.map { try! PeopleRegister.parse($0) })
        return (book, SourceCatalog(book: book))
    }

    static func text(_ unit: Int, _ range: Range<Int>) -> String {
        let scalars = Array(book.units[unit].text.unicodeScalars)
        return String(String.UnicodeScalarView(scalars[range]))
    }
}

@Suite("Sources as evidence: metadata")
struct SourceMetadataTests {
    @Test func everyBundledSourceHasItsAuthorWorkDateAndGenre() {
        // (author, register id, title, ISO date, genre)
        let expected: [(String?, String?, String?, String?, Genre?)] = [
            ("Leon Trotsky", "leon-trotsky", "My Life: An Attempt at an Autobiography", "1930", .autobiography),
            ("Julius Martov", "julius-martov", "letter to Pavel Axelrod on Leon Trotsky", "1903-03-02", .letter),
            ("Leon Trotsky", "leon-trotsky", nil, nil, nil),
            ("Anatole Lunarcharsky", "anatoly-lunacharsky", "Silhouettes", nil, .book),
            ("Leon Trotsky", "leon-trotsky", "statement made to the Petrograd Soviet", "1917-11-06", .statement),
            ("Natalya Sedova", "natalia-sedova", nil, "1917-10", nil),
            ("Maxim Gorky", "maxim-gorky", "New Life", "1917-11-07", nil),
            ("Maxim Gorky", "maxim-gorky", "New Life", "1917-11-10", nil),
            ("Leon Trotsky", "leon-trotsky", "My Life", nil, .autobiography),
            ("Leon Trotsky", "leon-trotsky", "speech", "1918-01-04", .speech),
            ("Arthur Ransome", "arthur-ransome", "The Daily News", "1918-01-23", .newspaper),
            ("Lenin", "lenin", nil, nil, .message),
            ("Leon Trotsky", "leon-trotsky", nil, nil, .autobiography),
            ("Leon Trotsky", "leon-trotsky", "order issued to the Red Army during the Civil War", nil, .order),
            ("Leon Trotsky", "leon-trotsky", "Perspectives of World Development", "1924", nil),
            ("J. T. Murphy", "j-t-murphy", "The Errors of Trotskyism", "1925", nil),
            ("George Seldes", "george-seldes", "You Can't Print That!", "1929", .book),
            ("Victor Serge", "victor-serge", "Memoirs of a Revolutionary", "1945", .memoir),
            ("Adolph Joffe", "adolph-joffe", "suicide letter sent to Leon Trotsky", "1927-11-16", .letter),
            ("Leon Trotsky", "leon-trotsky", "interviewed by St. Louis Post-Dispatch", "1937-01-17", .interview),
            ("Trotsky", "leon-trotsky", "Manchester Guardian", "1937-02-06", .newspaper),
            (nil, nil, "The Granat Encyclopaedia of the Russian Revolution", "1924", .encyclopaedia),
            ("Robin Page Arnot", "robin-page-arnot", "Fascist Agents Exposed in the Moscow Trials", "1938", nil),
            ("Herbert Morrison", "herbert-morrison", "An Autobiography", "1960", .autobiography),
            ("Leon Trotsky", "leon-trotsky", "Stalin", "1937-01-04", nil),
            ("Leon Trotsky", "leon-trotsky", "The Trial of the Seventeen", "1937-01-22", nil),
            ("Walter Duranty", "walter-duranty", "I Write As I Please", "1935", nil),
            ("Leon Trotsky", "leon-trotsky", "Hitler's Austria Coup", "1938-03-12", nil),
            ("Leon Trotsky", "leon-trotsky", "Amoralism and Kronstadt", "1937-03", .article),
            ("Walter Duranty", "walter-duranty", "I Write As I Please", "1935", nil),
            ("Leon Trotsky", "leon-trotsky", "The Kronstadt Rebellion", "1938-07", nil),
            ("Leon Trotsky", "leon-trotsky", "History of the Russian Revolution", "1932", nil),
            ("Bertram D. Wolfe", "bertram-d-wolfe", "Strange Communists I Have Known", "1966", nil),
            ("James Cannon", "james-cannon", "speech", "1940-08-28", .speech),
            ("C. L. R. James", "c-l-r-james", "Stalin and Socialism", "1937", nil),
            ("Leon Trotsky", "leon-trotsky", "Art and Politics in Our Epoch", "1938", nil),
            ("Clare Sheridan", "clare-sheridan", "Russian Portraits", "1921", nil),
            ("Clare Sheridan", "clare-sheridan", "Russian Portraits", "1921", nil),
            ("Simon Sebag Montefiore", "simon-sebag-montefiore", "The Daily Telegraph", "2009-10-11", .newspaper),
            ("Eugene Lyons", "eugene-lyons", "The Life and Death of Sacco and Vanzetti", "1927", nil),
            ("Leon Trotsky", "leon-trotsky", "History of the Russian Revolution", "1930", nil),
            ("Walter Duranty", "walter-duranty", "I Write As I Please", "1935", nil),
            ("Cass Canfield", "cass-canfield", "Up and Down and Around", "1971", nil),
            ("Natalia Sedova", "natalia-sedova", "How It Happened", "1940", nil),
        ]
        let entries = EvidenceBook.catalog.entries
        #expect(entries.count == expected.count)
        for (entry, (author, person, title, date, genre)) in zip(entries, expected) {
            #expect(entry.author == author, "source \(entry.number)")
            #expect(entry.personID == person, "source \(entry.number)")
            #expect(entry.title == title, "source \(entry.number)")
            #expect(entry.date?.iso == date, "source \(entry.number)")
            #expect(entry.genre == genre, "source \(entry.number)")
        }
    }

    @Test func sentenceHeadersSayHowTheyNameTheAuthor() {
        #expect(EvidenceBook.entry(1).authorBasis == .field)
        #expect(EvidenceBook.entry(6).authorBasis == .writer)      // Leon Trotsky's wife, Natalya Sedova, wrote
        #expect(EvidenceBook.entry(9).authorBasis == .pronoun)     // He wrote ... (Leon Trotsky, named last)
        #expect(EvidenceBook.entry(24).authorBasis == .pronoun)    // He wrote ... (Herbert Morrison)
        #expect(EvidenceBook.entry(12).authorBasis == .sender)     // Lenin to Leon Trotsky
        #expect(EvidenceBook.entry(22).authorBasis == nil)
    }

    @Test func datesKeepTheHeadersWordsAndEventDatesAreNotDatesOfWriting() throws {
        let martov = try #require(EvidenceBook.entry(2).date)
        #expect(martov.text == "2nd March, 1903" && martov.precision == .day && martov.display == "2 Mar 1903")
        let header = TestBook.document.sources[1].header
        let scalars = Array(header.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[martov.range])) == "2nd March, 1903")
        // "In November, 1917, Lenin sent Leon Trotsky ..." dates the events, not the writing.
        #expect(EvidenceBook.entry(9).date == nil)
        #expect(EvidenceBook.entry(9).eventDates.map(\.iso) == ["1917-11"])
        // "... in the failed 1905 Russian Revolution his book Silhouettes."
        #expect(EvidenceBook.entry(4).eventDates.map(\.iso) == ["1905"])
        // "In 1930 Herbert Morrison ... visited ... in An Autobiography (1960)"
        #expect(EvidenceBook.entry(24).date?.iso == "1960" && EvidenceBook.entry(24).eventDates.map(\.iso) == ["1930"])
        #expect(EvidenceBook.entry(34).date?.text == "August 28, 1940")
    }

    @Test func rangesPointAtTheHeadersWords() throws {
        for entry in EvidenceBook.catalog.entries {
            let scalars = Array(TestBook.document.sources[entry.index].header.unicodeScalars)
            if let author = entry.author {
                let range = try #require(entry.authorRange)
                #expect(String(String.UnicodeScalarView(scalars[range])) == author)
            }
            if let title = entry.title {
                let range = try #require(entry.titleRange)
                #expect(String(String.UnicodeScalarView(scalars[range])) == title)
            }
        }
    }

    @Test func helpersForLists() {
        let people = EvidenceBook.book.people.people
        #expect(EvidenceBook.entry(12).shortAuthor(people: people) == "Lenin")
        #expect(EvidenceBook.entry(35).shortAuthor(people: people) == "James")
        #expect(EvidenceBook.entry(22).shortAuthor(people: people) == nil)
        #expect(EvidenceBook.entry(1).shortTitle == "My Life")
        #expect(EvidenceBook.entry(2).shortTitle == "letter to Pavel Axelrod")
        #expect(EvidenceBook.entry(5).date?.display == "6 Nov 1917")
        #expect(EvidenceBook.entry(29).date?.display == "Mar 1937")
        #expect(EvidenceBook.entry(1).year == "1930")
        #expect(EvidenceBook.entry(3).year == nil)
    }

    @Test func peopleNamedInASourceWithCounts() throws {
        // Source 44 names Trotsky most ("Lev Davidovich", "L. D.", "Trotsky").
        let trotsky = try #require(EvidenceBook.book.people.index(ofID: "leon-trotsky"))
        let first = try #require(EvidenceBook.entry(44).people.first)
        #expect(first.person == trotsky)
        let counted = EvidenceBook.book.sourceUnits[43].reduce(0) { total, unit in
            total + EvidenceBook.book.people.mentions(inUnit: unit).filter { $0.person == trotsky }.count
        }
        #expect(first.count == counted && counted > 20)
    }

    @Test func byAuthorKeepsTheSourcesWhoseAuthorMatches() {
        let catalog = EvidenceBook.catalog
        #expect(catalog.sources(byAuthor: "duranty", people: EvidenceBook.book.people).map { $0 + 1 } == [27, 30, 42])
        // "Vladimir Lenin" is the register's name for the header's "Lenin".
        #expect(catalog.sources(byAuthor: "vladimir lenin", people: EvidenceBook.book.people).map { $0 + 1 } == [12])
        #expect(catalog.sources(byAuthor: "nobody", people: EvidenceBook.book.people).isEmpty)
    }

    @Test func hindsightWhereTheDatesAllow() throws {
        // Russian Portraits (1921) dates its diary entries "20th October, 1920".
        let sheridan = try #require(EvidenceBook.catalog.hindsight(ofSource: 37))
        #expect(sheridan.basis == .sourceText)
        #expect(sheridan.latest == DateKey(year: 1920, month: 10, day: 20))
        #expect(sheridan.monthsAfterLatest == 12 && sheridan.summary.hasPrefix("written 1 year after"))
        // "In November, 1917, ..." then My Life, undated: nothing to measure.
        #expect(EvidenceBook.catalog.hindsight(ofSource: 8) == nil)
        // The Martov letter (1903) states no dates in its text and nothing quotes it.
        #expect(EvidenceBook.catalog.hindsight(ofSource: 1) == nil)
    }

    @Test func sentenceHeadersInABookWithoutARegister() {
        let (_, catalog) = EvidenceBook.make("""
            A Book

            Chapter One

            Plain words.

            Primary Sources

            (1) In her memoirs Jane Roe described her childhood in the village.

            We lived by the mill.

            (2) John Doe, letter to Mary Major

            The harvest was poor.

            (3) During May, 1931, Richard Miles wrote about the strike.

            The strike began.

            (4) Anna Bell to Tom Bell after the flood of 1927.

            Come home.

            (5) The Weekly Gazette reported the opening of the bridge.

            It opened.
            """)
        let entries = catalog.entries
        #expect(entries.map(\.author) == ["Jane Roe", "John Doe", "Richard Miles", "Anna Bell", nil])
        #expect(entries.map(\.genre) == [.memoir, .letter, nil, .message, .newspaper])
        #expect(entries.map { $0.date?.iso } == [nil, nil, "1931-05", nil, nil])
        #expect(entries[3].eventDates.map(\.iso) == ["1927"])
        #expect(entries[0].title == nil)       // the memoirs are not named
        #expect(entries.allSatisfy { $0.personID == nil || $0.author != nil })
    }
}

@Suite("Sources as evidence: links")
struct EvidenceLinkTests {
    @Test func everyQuotationOfTheBundledBookIsLinkedAndNoneIsFalse() {
        // (source number, first line of the narrative paragraph), each read side by side.
        let expected: [(Int, Int)] = [
            (1, 5), (3, 23), (3, 25), (4, 59), (6, 120), (38, 170), (29, 198), (31, 200), (42, 222),
            (33, 336), (43, 338), (44, 344),
        ]
        let quoted = EvidenceBook.catalog.links.filter { $0.kind == .quoted }
        #expect(quoted.map { (TestBook.document.sources[$0.source].number, $0.line) }.elementsEqual(expected, by: ==))
        #expect(quoted.allSatisfy { $0.score == 1 && !$0.spans.isEmpty })
    }

    @Test func sharedWordsAreTheSameOnBothSides() {
        for link in EvidenceBook.catalog.links where link.kind == .quoted {
            for span in link.spans {
                let narrative = EvidenceBook.text(link.unit, span.narrativeRange)
                let source = EvidenceBook.text(span.sourceUnit, span.sourceRange)
                func words(_ text: String) -> [String] {
                    text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
                }
                // The first and last five words agree (a variant spelling may sit between).
                #expect(words(narrative).prefix(5) == words(source).prefix(5), "line \(link.line)")
                #expect(words(narrative).suffix(5) == words(source).suffix(5), "line \(link.line)")
                #expect(EvidenceBook.book.sourceUnits[link.source].contains(span.sourceUnit))
            }
        }
        // Zasulich (source 3) and Zasulitch (the narrative, line 25) are one quotation.
        let line25 = EvidenceBook.catalog.links.first { $0.kind == .quoted && $0.line == 25 }
        #expect(line25?.evidence.contains("Martov, Zasulitch and Axelrod") == true)
    }

    @Test func aTextBothQuoteAndATitleBothNameAreNotQuotations() {
        let links = EvidenceBook.catalog.links
        // Source 35 and the narrative both quote Lenin's testament.
        let testament = links.first { $0.line == 220 && $0.source == 34 }
        #expect(testament?.kind == .related)
        #expect(testament?.evidence.hasPrefix("both quote") == true)
        // Source 39 and line 328 both name "Stalin's Nemesis: The Exile and Murder of Leon Trotsky".
        #expect(!links.contains { $0.line == 328 && $0.kind == .quoted })
        #expect(links.filter { $0.kind == .related }.allSatisfy { $0.score >= 0.45 && $0.score < 1 && !$0.evidence.isEmpty })
    }

    @Test func aQuotationCutByEllipsesWithCurlyQuotes() throws {
        let (book, catalog) = EvidenceBook.make("""
            A Book

            Early Years

            She remembered those mornings: \u{201C}Dawn we walked to the old mill\u{2026} The miller gave us warm bread daily.\u{201D}

            He spoke of the interests of the working class to the crowd at length.

            Primary Sources

            (1) Jane Roe, Mornings (1950)

            At dawn we walked to the old mill by the river, and later the miller gave us warm bread daily; those were happy days.

            (2) John Doe, speech (1920)

            We stand for the interests of the working class today and always.
            """)
        let quoted = catalog.links.filter { $0.kind == .quoted }
        #expect(quoted.count == 1)
        let link = try #require(quoted.first)
        #expect(link.source == 0 && link.line == 5 && link.chapter == 0)
        #expect(link.spans.count == 2)
        #expect(link.evidence == "Dawn we walked to the old mill \u{2026} The miller gave us warm bread daily")
        let text = Array(book.units[link.unit].text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(text[link.spans[1].narrativeRange])) == "The miller gave us warm bread daily")
        // Seven words shared by chance with the speech make no link.
        #expect(catalog.links(ofSource: 1).isEmpty)
    }

    @Test func aSourceNeverQuotedHasNoQuotedLink() {
        let (_, catalog) = EvidenceBook.make("""
            A Book

            Chapter

            Nothing of the letter is repeated here at all, only other words entirely.

            Primary Sources

            (1) John Doe, letter to Mary Major

            Dear Mary, the harvest was poor this year and prices are very high in the town market.
            """)
        #expect(catalog.links.isEmpty)
        #expect(catalog.entries.first?.date == nil)
    }

    @Test func theJSONShapes() throws {
        let sources = EvidenceBook.catalog.sourcesJSON(TestBook.document).serialized()
        #expect(sources.hasPrefix("{\"sources\":[{\"number\":1,\"line\":348,\"endLine\":354,"))
        #expect(sources.contains("\"number\":12,\"line\":398,\"endLine\":400,\"header\":\"Lenin to Leon Trotsky after hearing that the German Army had invaded Finland in February, 1918.\",\"author\":\"Lenin\",\"person\":\"lenin\",\"title\":null,\"date\":null,\"dateText\":null,\"genre\":\"message\",\"links\":[]"))
        #expect(sources.contains("\"links\":[{\"chapter\":0,\"line\":5,\"kind\":\"quoted\"}"))
        let links = EvidenceBook.catalog.linksJSON(TestBook.document).serialized()
        #expect(links.hasPrefix("{\"links\":[{\"source\":1,\"chapter\":0,\"line\":5,\"kind\":\"quoted\",\"score\":1.0,\"evidence\":\"My father and mother"))
    }
}

/// The shingle table holds the smaller side (so memory follows it): the links must not depend
/// on which side that is.
@Suite("Evidence links: either side indexed")
struct EvidenceSidesTests {
    @Test func indexingTheNarrativeOrTheSourcesFindsTheSameLinks() {
        let book = EvidenceBook.book
        let entries = EvidenceBook.catalog.entries
        let bySources = EvidenceFinder.find(book: book, entries: entries, indexSources: true)
        let byNarrative = EvidenceFinder.find(book: book, entries: entries, indexSources: false)
        #expect(bySources.contains { $0.kind == .quoted } && bySources.contains { $0.kind == .related })
        #expect(bySources == byNarrative)
    }
}
