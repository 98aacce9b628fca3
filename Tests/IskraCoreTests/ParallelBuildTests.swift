@testable import IskraCore
import Testing

// A large book is built on every core (Parallel.swift): each build here is made both on one
// thread and in parts forced on small input, and the two must be the same, element for
// element. On the bundled book and on 30 copies of it (5.5 MB, past the 1 MB from which
// `.automatic` splits): the copies' sources numbered (1) again are text of source 44, so one
// source holds most of the book, as in `iskra bench`'s 100 MB book.

enum CopiedBook {
    static let copies = 30
    static let bytes: [UInt8] = {
        var bytes: [UInt8] = []
        for _ in 0..<copies { bytes += TestBook.bytes; bytes += [0x0A, 0x0A] }
        return bytes
    }()
    static let document = Parser.parse(bytes: bytes, path: "copies.txt")
    static let book = Book(document: document, register: PeopleBook.register)
}

/// Parts forced whatever the size: two (as on this machine), and more parts than cores.
let forcedSplits = [Parallelism(workers: 2, minimumBytes: 0), Parallelism(workers: 3, minimumBytes: 0)]

@Suite("Built in parallel: the same as on one thread")
struct ParallelBuildTests {
    @Test func splitCutsContiguousRangesOfAboutEqualWeight() {
        #expect(Parallelism.split(10, parts: 2) { _ in 1 } == [0..<5, 5..<10])
        #expect(Parallelism.split(3, parts: 5) { _ in 1 } == [0..<1, 1..<2, 2..<3])
        #expect(Parallelism.split(4, parts: 2) { [10, 1, 1, 1][$0] } == [0..<1, 1..<4])
        #expect(Parallelism.split(1, parts: 2) { _ in 1 } == [0..<1])
        #expect(Parallelism.split(0, parts: 2) { _ in 1 } == [])
        #expect(Parallelism.split(5, parts: 1) { _ in 1 } == [0..<5])
        #expect(Parallelism.map(3) { $0 * 10 } == [0, 10, 20])
    }

    @Test func smallBooksStayOnOneThread() {
        #expect(Parallelism.automatic.workers(forBytes: TestBook.bytes.count) == 1)
        #expect(Parallelism.sequential.workers(forBytes: CopiedBook.bytes.count) == 1)
        #expect(Parallelism(workers: 2, minimumBytes: 1 << 20).workers(forBytes: CopiedBook.bytes.count) == 2)
    }

    func expectSameIndex(_ a: SearchIndex, _ b: SearchIndex) {
        #expect(a.vocabulary == b.vocabulary)
        #expect(a.vocabularyStart == b.vocabularyStart)
        #expect(a.occurrenceStart == b.occurrenceStart)
        #expect(a.postingStart == b.postingStart)
        #expect(a.postings == b.postings)
        #expect(a.folds.values == b.folds.values)
        #expect(a.unitByteStart == b.unitByteStart)
    }

    @Test(arguments: [false, true])
    func searchIndexPostings(copied: Bool) {
        let book = copied ? CopiedBook.book : EvidenceBook.book
        let one = SearchIndex(document: book.document, units: book.units, parallelism: .sequential)
        #expect(one.wordCount > 0)
        for parallelism in forcedSplits {
            expectSameIndex(one, SearchIndex(document: book.document, units: book.units, parallelism: parallelism))
        }
    }

    @Test func searchIndexWithWordsFirstSeenInALaterPart() {
        // Accents, a ligature and a combining mark first met in the second half; words shared
        // across the halves at gaps of one and several varint bytes.
        var text = "Title\n\n"
        for i in 0..<40 { text += "Plain words number \(i) here.\n\n" }
        text += "Émigré œuvre cafe\u{301} naïve Zürich émigré words.\n\n"
        text += String(repeating: "filler ", count: 3000) + "words.\n\nplain Émigré.\n"
        let document = Parser.parse(bytes: Array(text.utf8), path: "accents.txt")
        let units = document.makeUnits()
        let one = SearchIndex(document: document, units: units, parallelism: .sequential)
        for workers in 2...5 {
            expectSameIndex(one, SearchIndex(document: document, units: units, parallelism: Parallelism(workers: workers, minimumBytes: 0)))
        }
    }
}

@Suite("Built in parallel: the sources catalog")
struct ParallelCatalogTests {
    func expectSameCatalog(_ a: SourceCatalog, _ b: SourceCatalog) {
        #expect(a.entries == b.entries)
        let sameLinks = a.links == b.links
        #expect(sameLinks, "links: \(a.links.count) and \(b.links.count)")
        #expect(a.entries.indices.map(a.hindsight(ofSource:)) == b.entries.indices.map(b.hindsight(ofSource:)))
    }

    @Test(arguments: [false, true])
    func catalogEntriesLinksAndHindsights(copied: Bool) {
        let book = copied ? CopiedBook.book : EvidenceBook.book
        let one = SourceCatalog(book: book, parallelism: .sequential)
        #expect(one.links.contains { $0.kind == .quoted } && one.links.contains { $0.kind == .related })
        #expect(one.entries.indices.contains { one.hindsight(ofSource: $0) != nil })
        for parallelism in forcedSplits { expectSameCatalog(one, SourceCatalog(book: book, parallelism: parallelism)) }
    }

    @Test(arguments: [false, true])
    func eitherSideIndexedInParallel(indexSources: Bool) {
        let book = EvidenceBook.book
        let entries = EvidenceBook.catalog.entries
        let one = EvidenceFinder.findings(book: book, entries: entries, indexSources: indexSources, parallelism: .sequential)
        for parallelism in forcedSplits {
            let other = EvidenceFinder.findings(book: book, entries: entries, indexSources: indexSources, parallelism: parallelism)
            #expect(one.links == other.links)
            #expect(one.datesOfSource == other.datesOfSource)
            #expect(one.narrativeDates.mapValues { $0.map(\.start) } == other.narrativeDates.mapValues { $0.map(\.start) })
            #expect(one.narrativeDates.mapValues { $0.map(\.key) } == other.narrativeDates.mapValues { $0.map(\.key) })
        }
    }
}

@Suite("Built in parallel: the dates")
struct ParallelDatesTests {
    @Test(arguments: [false, true])
    func datesChronologyAndRejectedNumbers(copied: Bool) {
        let book = copied ? CopiedBook.book : EvidenceBook.book
        let catalog = copied ? SourceCatalog(book: book, parallelism: .sequential) : EvidenceBook.catalog
        let one = BookDates(book: book, catalog: catalog, parallelism: .sequential)
        #expect(one.dates.count > 100 && !one.rejected.isEmpty)
        for parallelism in forcedSplits {
            let other = BookDates(book: book, catalog: catalog, parallelism: parallelism)
            let same = one.dates == other.dates
            #expect(same, "dates: \(one.dates.count) and \(other.dates.count)")
            #expect(one.chronological == other.chronological)
            #expect(one.rejected == other.rejected)
        }
        // Without a catalog the headers are read here: the same dates.
        #expect(BookDates(book: book, parallelism: forcedSplits[0]).dates == one.dates)
    }
}

extension ParallelDatesTests {
    @Test func yearsWithoutACueAreSettledByTheWholeBook() {
        // A bare year is kept or rejected by the span of the cued dates, which stand in other
        // parts; a day without its year takes one from its sentence.
        let text = """
        Dates

        Chapter One

        In 1905 the strike began, and in 1917 the Soviet met again.

        Chapter Two

        1910 was a bad year. The count reached 2050 that spring.

        Chapter Three

        On 6th November the congress met, in 1917 as before.
        """
        let book = Book(document: Parser.parse(bytes: Array(text.utf8), path: "dates.txt"))
        let one = BookDates(book: book, parallelism: .sequential)
        #expect(one.dates.contains { $0.text == "1910" })
        #expect(one.rejected.contains { $0.text == "2050" && $0.reason == .outsideSpan })
        #expect(one.dates.contains { $0.text == "6th November" && $0.yearRange != nil })
        for workers in 2...4 {
            let other = BookDates(book: book, parallelism: Parallelism(workers: workers, minimumBytes: 0))
            #expect(other.dates == one.dates)
            #expect(other.rejected == one.rejected)
        }
    }
}

@Suite("Built in parallel: the people's mentions")
struct ParallelPeopleTests {
    @Test(arguments: [false, true])
    func mentionsOfTheBundledRegister(copied: Bool) {
        let document = copied ? CopiedBook.document : TestBook.document
        let units = copied ? CopiedBook.book.units : PeopleBook.units
        let prepared = PreparedRegister(PeopleBook.register)
        let one = PeopleIndex(units: units, prepared: prepared, sources: document.sources, parallelism: .sequential)
        #expect(one.mentions.count > 1000)
        for parallelism in forcedSplits + [Parallelism(workers: 7, minimumBytes: 0)] {
            let other = PeopleIndex(units: units, prepared: prepared, sources: document.sources, parallelism: parallelism)
            let same = one.mentions == other.mentions
            #expect(same, "mentions: \(one.mentions.count) and \(other.mentions.count)")
        }
    }

    @Test func aSharedFormSettledByAMentionInAnEarlierPart() throws {
        // "Sedov" is shared; the chapter's only unshared mention is in its first paragraph,
        // so every part after the first settles it by what the first part saw (rule 3), and
        // the second chapter, which names nobody unshared, by the default (rule 4).
        let register = try PeopleRegister.parse("""
        person: lev-sedov
        name: Lev Sedov
        aliases: Lev Sedov; Sedov

        person: sergei-sedov
        name: Sergei Sedov
        aliases: Sergei Sedov; Sedov
        default: Sedov
        """)
        var text = "Sons\n\nChapter One\n\nLev Sedov wrote.\n\n"
        for i in 0..<12 { text += "Sedov answered letter \(i).\n\n" }
        text += "Chapter Two\n\n"
        for i in 0..<6 { text += "Sedov was silent \(i).\n\n" }
        let document = Parser.parse(bytes: Array(text.utf8), path: "sons.txt")
        let units = document.makeUnits()
        let prepared = PreparedRegister(register)
        let one = PeopleIndex(units: units, prepared: prepared, parallelism: .sequential)
        let lev = try #require(one.index(ofID: "lev-sedov")), sergei = try #require(one.index(ofID: "sergei-sedov"))
        #expect(one.mentionCount(of: lev) == 13 && one.mentionCount(of: sergei) == 6)
        for workers in 2...6 {
            let other = PeopleIndex(units: units, prepared: prepared, parallelism: Parallelism(workers: workers, minimumBytes: 0))
            #expect(other.mentions == one.mentions)
        }
    }
}
