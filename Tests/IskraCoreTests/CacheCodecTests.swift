import FuzzSupport
import Testing
@testable import IskraCore

/// The books the codecs are tried on: the bundled one with its register, the same text
/// without it (people proposed, unverified), and the small layout fixtures (no register, no
/// sources).
enum CodecBooks {
    struct Derived {
        let name: String
        let book: Book
        let catalog: SourceCatalog
        let dates: BookDates
    }

    static let bundled = Derived(name: "bundled", book: EvidenceBook.book, catalog: EvidenceBook.catalog,
                                 dates: DatesBook.dates)

    static let bundledWithoutRegister: Derived = make("bundled without register", TestBook.document)

    static func make(_ name: String, _ document: Document) -> Derived {
        let book = Book(document: document, register: nil)
        let catalog = SourceCatalog(book: book)
        return Derived(name: name, book: book, catalog: catalog, dates: BookDates(book: book, catalog: catalog))
    }

    /// A small book written for these tests, without a register: people to propose, dates of
    /// every form, and sources the story quotes.
    static let withSources = make("made-up book with sources", Parser.parse(bytes: Array("""
        The Mill Strike

        Early Years

        Jane Roe was born in 1890. Jane Roe and John Doe worked at the mill through 1905-06, with 1500 men.

        On 6th November the workers of the mill struck, as John Doe had planned in 1917.

        She remembered those mornings: \u{201C}At dawn we walked to the old mill by the river, and later the miller gave us warm bread daily.\u{201D} Jane Roe wrote it down.

        John Doe spoke for the interests of the working class to the crowd at length in March, 1920.

        Primary Sources

        (1) Jane Roe, Mornings (1950)

        At dawn we walked to the old mill by the river, and later the miller gave us warm bread daily; those were happy days.

        (2) John Doe, speech (March, 1920)

        We stand for the interests of the working class today and always, said John Doe.

        """.utf8), path: "mill.txt"))

    static let fixtures: [Derived] = LayoutFixture.all.map { make($0, LayoutFixture.parse($0)) } + [withSources]

    static var all: [Derived] { [bundled, bundledWithoutRegister] + fixtures }

    static func people(_ bytes: [UInt8], unitCount: Int) -> PeopleIndex? {
        bytes.withUnsafeBytes { PeopleIndex(cacheBytes: $0, unitCount: unitCount) }
    }

    static func catalog(_ bytes: [UInt8], _ book: Book) -> SourceCatalog? {
        bytes.withUnsafeBytes { SourceCatalog(cacheBytes: $0, book: book) }
    }

    static func dates(_ bytes: [UInt8], _ book: Book) -> BookDates? {
        bytes.withUnsafeBytes { BookDates(cacheBytes: $0, book: book) }
    }
}

/// Encode then decode gives back every field; damaged bytes give nil or a usable value,
/// never a crash.
@Suite("Cache codecs")
struct CacheCodecTests {
    // MARK: The byte format

    @Test func valuesComeBackAsWritten() throws {
        var encoder = CacheEncoder()
        encoder.append(UInt8(0xAB))
        encoder.append(Int32.min)
        encoder.append(UInt64.max)
        encoder.append(Int.min)
        encoder.append(-0.0 as Double)
        encoder.append(Double.pi)
        encoder.append(true)
        encoder.append("Trotsky’s “Kronstadt” — 1921")
        encoder.append("")
        encoder.append("a\u{FFFD}b")
        encoder.append(3..<17)
        encoder.appendOptional(nil as Int?) { $0.append($1) }
        encoder.appendOptional(42 as Int?) { $0.append($1) }
        encoder.append([Int32.min, -1, 0, Int32.max])
        encoder.append([UInt32.max, 7])
        encoder.appendArray(["a", "bé"]) { $0.append($1) }
        // Little-endian whatever the machine.
        #expect(encoder.bytes[1...4] == [0x00, 0x00, 0x00, 0x80])
        try encoder.bytes.withUnsafeBytes { raw in
            var decoder = CacheDecoder(raw)
            #expect(decoder.integer(UInt8.self) == 0xAB)
            #expect(decoder.integer(Int32.self) == Int32.min)
            #expect(decoder.integer(UInt64.self) == UInt64.max)
            #expect(decoder.int() == Int.min)
            let negativeZero = decoder.double()
            let zero = try #require(negativeZero)
            #expect(zero == 0 && zero.sign == .minus)
            #expect(decoder.double() == Double.pi)
            #expect(decoder.bool() == true)
            #expect(decoder.string() == "Trotsky’s “Kronstadt” — 1921")
            #expect(decoder.string() == "")
            // A replacement character written is text, not damage.
            #expect(decoder.string() == "a\u{FFFD}b")
            #expect(decoder.range() == 3..<17)
            #expect(decoder.optional { $0.int() } == .some(nil))
            #expect(decoder.optional { $0.int() } == .some(42))
            #expect(decoder.int32Array() == [Int32.min, -1, 0, Int32.max])
            #expect(decoder.uint32Array() == [UInt32.max, 7])
            #expect(decoder.array(elementSize: 4) { $0.string() } == ["a", "bé"])
            #expect(decoder.isCompleteAndValid)
        }
    }

    /// Decodes `bytes` with `read`, returning what it gave and whether the decoder failed.
    static func decode<T>(_ bytes: [UInt8], _ read: (inout CacheDecoder) -> T?) -> (value: T?, failed: Bool) {
        bytes.withUnsafeBytes { raw in
            var decoder = CacheDecoder(raw)
            let value = read(&decoder)
            return (value, decoder.failed)
        }
    }

    static func bytes(_ write: (inout CacheEncoder) -> Void) -> [UInt8] {
        var encoder = CacheEncoder()
        write(&encoder)
        return encoder.bytes
    }

    @Test func malformedValuesAreRefused() {
        // A Bool is 0 or 1.
        #expect(Self.decode([2]) { $0.bool() }.failed)
        // An optional's flag too.
        #expect(Self.decode([7, 0, 0, 0, 0, 0, 0, 0, 0]) { $0.optional { $0.int() } }.failed)
        // A range reversed or negative.
        #expect(Self.decode(Self.bytes { $0.append(5); $0.append(4) }) { $0.range() }.failed)
        #expect(Self.decode(Self.bytes { $0.append(-1); $0.append(4) }) { $0.range() }.failed)
        #expect(Self.decode(Self.bytes { $0.append(4); $0.append(4) }) { $0.range() }.value == 4..<4)
        // A string that is not UTF-8 (a lone continuation byte, an overlong encoding).
        #expect(Self.decode([1, 0, 0, 0, 0x80]) { $0.string() }.failed)
        #expect(Self.decode([2, 0, 0, 0, 0xC0, 0xAF]) { $0.string() }.failed)
        // A four-byte sequence cut after three: repaired, it would be as long as it was.
        #expect(Self.decode([4, 0, 0, 0, 0xF0, 0x9F, 0x98, 0x61]) { $0.string() }.failed)
        #expect(Self.decode([5, 0, 0, 0, 0xF0, 0x9F, 0x98, 0x80, 0x61]) { $0.string() }.value == "\u{1F600}a")
        // A month or day no calendar has.
        #expect(Self.decode(Self.bytes { $0.append(DateKey(year: 1917, month: 13)) }) { $0.dateKey() }.failed)
        #expect(Self.decode(Self.bytes { $0.append(DateKey(year: 1917, month: 2, day: 0)) }) { $0.dateKey() }.failed)
        #expect(Self.decode(Self.bytes { $0.append(-5); $0.append(false); $0.append(false) }) { $0.dateKey() }.failed)
        #expect(Self.decode(Self.bytes { $0.append(DateKey(year: 1917, month: 11, day: 7)) }) { $0.dateKey() }.value
                == DateKey(year: 1917, month: 11, day: 7))
        // An enum case that does not exist.
        #expect(Self.decode([2]) { $0.enumCase(EvidenceKind.self) }.failed)
        #expect(Self.decode([UInt8(Genre.allCases.count)]) { $0.enumCase(Genre.self) }.failed)
        #expect(Self.decode([UInt8(Genre.allCases.count - 1)]) { $0.enumCase(Genre.self) }.value == Genre.allCases.last)
        // A container's index outside the book.
        #expect(Self.decode(Self.bytes { $0.append(Container.chapter(3)) }) { $0.container(chapters: 3, sources: 9) }.failed)
        #expect(Self.decode(Self.bytes { $0.append(Container.source(8)) }) { $0.container(chapters: 3, sources: 9) }.value
                == .source(8))
        #expect(Self.decode([4]) { $0.container(chapters: 3, sources: 9) }.failed)
    }

    @Test func countsLargerThanTheBytesLeftAreRefusedBeforeAllocating() {
        // Four billion elements claimed, eight bytes there.
        let huge: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 8)
        #expect(Self.decode(huge) { $0.int32Array() }.failed)
        #expect(Self.decode(huge) { $0.string() }.failed)
        #expect(Self.decode(huge) { $0.array(elementSize: 1) { $0.integer(UInt8.self) } }.failed)
        // Two Int32s claimed, one there.
        #expect(Self.decode([2, 0, 0, 0, 1, 0, 0, 0]) { $0.int32Array() }.failed)
        #expect(Self.decode([1, 0, 0, 0, 1, 0, 0, 0]) { $0.int32Array() }.value == [1])
    }

    @Test func aFailedDecoderStaysFailed() {
        let bytes = Self.bytes { $0.append(UInt8(9)); $0.append(7) }
        bytes.withUnsafeBytes { raw in
            var decoder = CacheDecoder(raw)
            #expect(decoder.bool() == nil)
            // The Int that follows is there, but nothing is read after a failure.
            #expect(decoder.int() == nil)
            #expect(decoder.rawBytes(0) == nil)
            #expect(!decoder.isCompleteAndValid)
        }
        // Bytes left over: not the record that was written.
        #expect(Self.decode(Self.bytes { $0.append(1); $0.append(UInt8(0)) }) { decoder -> Bool in
            _ = decoder.int()
            return decoder.isCompleteAndValid
        }.value == false)
        // Reading past the end of an empty buffer.
        #expect(Self.decode([]) { $0.integer(UInt8.self) }.failed)
        #expect(Self.decode([]) { $0.rawBytes(0)?.count }.value == 0)
    }

    // MARK: Round trips

    static func expectSamePeople(_ decoded: PeopleIndex, _ original: PeopleIndex, unitCount: Int, _ name: String) {
        #expect(decoded.people == original.people, "\(name)")
        #expect(decoded.mentions == original.mentions, "\(name)")
        let units = (0..<unitCount).filter { decoded.mentions(inUnit: $0) != original.mentions(inUnit: $0) }
        #expect(units.isEmpty, "\(name): units \(units.prefix(5))")
        let people = original.people.indices.filter {
            decoded.mentionIndices(of: $0) != original.mentionIndices(of: $0)
                || decoded.units(mentioning: $0) != original.units(mentioning: $0)
        }
        #expect(people.isEmpty, "\(name): people \(people.prefix(5))")
    }

    static func expectSameCatalog(_ decoded: SourceCatalog, _ original: SourceCatalog, unitCount: Int, _ name: String) {
        #expect(decoded.entries == original.entries, "\(name)")
        #expect(decoded.links == original.links, "\(name)")
        let sources = original.entries.indices.filter {
            decoded.hindsight(ofSource: $0) != original.hindsight(ofSource: $0)
                || decoded.linkIndices(ofSource: $0) != original.linkIndices(ofSource: $0)
        }
        #expect(sources.isEmpty, "\(name): sources \(sources.prefix(5))")
        let units = (0..<unitCount).filter { decoded.linkIndices(ofUnit: $0) != original.linkIndices(ofUnit: $0) }
        #expect(units.isEmpty, "\(name): units \(units.prefix(5))")
    }

    static func expectSameDates(_ decoded: BookDates, _ original: BookDates, _ name: String) {
        #expect(decoded.dates == original.dates, "\(name)")
        #expect(decoded.chronological == original.chronological, "\(name)")
        #expect(decoded.rejected == original.rejected, "\(name)")
    }

    @Test func everyStructureComesBackWhole() throws {
        for derived in CodecBooks.all {
            let book = derived.book, unitCount = book.units.count
            let people = try #require(CodecBooks.people(book.people.cacheBytes(), unitCount: unitCount), "\(derived.name)")
            Self.expectSamePeople(people, book.people, unitCount: unitCount, derived.name)
            let catalog = try #require(CodecBooks.catalog(derived.catalog.cacheBytes(), book), "\(derived.name)")
            Self.expectSameCatalog(catalog, derived.catalog, unitCount: unitCount, derived.name)
            let dates = try #require(CodecBooks.dates(derived.dates.cacheBytes(), book), "\(derived.name)")
            Self.expectSameDates(dates, derived.dates, derived.name)
        }
    }

    /// The round trips above mean something only if the books fill every kind of field.
    @Test func theBooksTriedFillEveryField() {
        let bundled = CodecBooks.bundled
        let people = bundled.book.people.people
        #expect(bundled.book.people.mentions.count > 1000)
        #expect(people.contains { $0.born != nil } && people.contains { $0.died != nil } && people.contains { $0.role != nil })
        #expect(people.contains { !$0.aliases.isEmpty } && people.contains { !$0.defaults.isEmpty }
                && people.contains { !$0.contexts.isEmpty })
        #expect(CodecBooks.bundledWithoutRegister.book.people.people.contains { !$0.verified })
        let entries = bundled.catalog.entries
        #expect(entries.contains { $0.authorRange != nil && $0.authorBasis != nil && $0.person != nil && $0.personID != nil })
        #expect(entries.contains { $0.titleRange != nil && $0.date != nil && $0.genre != nil && $0.genreWord != nil })
        #expect(entries.contains { !$0.eventDates.isEmpty } && entries.contains { !$0.people.isEmpty })
        let links = bundled.catalog.links
        #expect(links.contains { $0.kind == .quoted && !$0.spans.isEmpty } && links.contains { $0.kind == .related })
        let bases = entries.indices.compactMap { bundled.catalog.hindsight(ofSource: $0)?.basis }
        #expect(bases.contains(.header) && bases.contains(.sourceText) && bases.contains { if case .narrative = $0 { true } else { false } })
        let dates = bundled.dates
        #expect(Set(dates.dates.map(\.kind)) == Set(DateKind.allCases))
        #expect(Set(dates.dates.map(\.part)) == [.single, .start, .end])
        #expect(!dates.rejected.isEmpty)
        #expect(CodecBooks.all.contains { $0.dates.dates.contains { $0.yearRange != nil } })
        let madeUp = CodecBooks.withSources
        #expect(!madeUp.book.people.mentions.isEmpty && !madeUp.dates.dates.isEmpty && !madeUp.catalog.links.isEmpty)
    }

    @Test func bytesForAnotherBookAreRefused() {
        let bundled = CodecBooks.bundled, other = CodecBooks.fixtures[0]
        let unitCount = bundled.book.units.count
        #expect(CodecBooks.people(bundled.book.people.cacheBytes(), unitCount: unitCount - 1) == nil)
        #expect(CodecBooks.catalog(bundled.catalog.cacheBytes(), other.book) == nil)
        #expect(CodecBooks.dates(bundled.dates.cacheBytes(), other.book) == nil)
        // Each structure's bytes are marked as its own.
        #expect(CodecBooks.catalog(bundled.dates.cacheBytes(), bundled.book) == nil)
        #expect(CodecBooks.dates(bundled.catalog.cacheBytes(), bundled.book) == nil)
        #expect(CodecBooks.people(bundled.catalog.cacheBytes(), unitCount: unitCount) == nil)
    }

    // MARK: Mentions that cannot be

    /// Two people, three units, three mentions; `change` spoils the columns.
    static func mentionBytes(_ change: (inout MentionColumns) -> Void) -> [UInt8] {
        var columns = MentionColumns(units: [0, 0, 2], offsets: [0, 10, 4], lengths: [5, 3, 6], people: [0, 1, 1])
        change(&columns)
        return PeopleIndex.cacheBytes(people: [Person(id: "a", name: "Anna"), Person(id: "b", name: "Boris")],
                                      columns: columns, unitCount: 3)
    }

    @Test func impossibleMentionsAreRefused() throws {
        let index = try #require(CodecBooks.people(Self.mentionBytes { _ in }, unitCount: 3))
        #expect(index.mentions == [Mention(unit: 0, offset: 0, length: 5, person: 0), Mention(unit: 0, offset: 10, length: 3, person: 1),
                                   Mention(unit: 2, offset: 4, length: 6, person: 1)])
        #expect(index.units(mentioning: 1) == [0, 2])
        let spoiled: [(String, (inout MentionColumns) -> Void)] = [
            ("unit past the last", { $0.units[2] = 3 }),
            ("negative unit", { $0.units[0] = -1 }),
            ("person not listed", { $0.people[1] = 2 }),
            ("negative person", { $0.people[0] = -1 }),
            ("negative offset", { $0.offsets[2] = -4 }),
            ("negative length", { $0.lengths[2] = -1 }),
            ("overlapping", { $0.offsets[1] = 4 }),
            ("out of book order", { $0.units = [0, 2, 0] }),
            ("columns of different lengths", { $0.people.removeLast() }),
        ]
        for (what, change) in spoiled {
            #expect(CodecBooks.people(Self.mentionBytes(change), unitCount: 3) == nil, "\(what)")
        }
    }

    // MARK: Damage

    /// Decodes damaged bytes of each structure; whatever decodes must be usable: every lookup
    /// the explorer makes is made (an index out of range would trap here).
    static func decodeAndUse(people bytes: [UInt8], _ book: Book) -> Bool {
        guard let index = CodecBooks.people(bytes, unitCount: book.units.count) else { return false }
        for unit in book.units.indices { _ = index.mentions(inUnit: unit, overlapping: 0..<Int.max) }
        for person in index.people.indices { _ = index.mentions(of: person).count + index.units(mentioning: person).count }
        return true
    }

    static func decodeAndUse(catalog bytes: [UInt8], _ book: Book) -> Bool {
        guard let catalog = CodecBooks.catalog(bytes, book) else { return false }
        for unit in book.units.indices { _ = catalog.links(ofUnit: unit) }
        for entry in catalog.entries {
            _ = (catalog.links(ofSource: entry.index), catalog.hindsight(ofSource: entry.index)?.summary,
                 entry.shortAuthor(people: book.people.people), entry.date?.display, entry.eventDates.map(\.display))
        }
        _ = catalog.sourcesJSON(book.document).serialized()
        _ = catalog.linksJSON(book.document).serialized()
        return true
    }

    static func decodeAndUse(dates bytes: [UInt8], _ book: Book) -> Bool {
        guard let dates = CodecBooks.dates(bytes, book) else { return false }
        _ = dates.byYear()
        for unit in book.units.indices { _ = dates.dates(inUnit: unit) }
        _ = BookDates.json(dates.sorted(), document: book.document).serialized()
        return true
    }

    static let structures: [(name: String, bytes: [UInt8], decodeAndUse: @Sendable ([UInt8], Book) -> Bool)] = [
        ("people", CodecBooks.bundled.book.people.cacheBytes(), decodeAndUse(people:_:)),
        ("catalog", CodecBooks.bundled.catalog.cacheBytes(), decodeAndUse(catalog:_:)),
        ("dates", CodecBooks.bundled.dates.cacheBytes(), decodeAndUse(dates:_:)),
    ]

    @Test(arguments: 0..<3)
    func truncatedBytesAreRefused(_ structure: Int) {
        let (name, bytes, decodeAndUse) = Self.structures[structure]
        let book = CodecBooks.bundled.book
        #expect(decodeAndUse(bytes, book), "\(name): whole")
        // Every cut in the first 256 bytes (the tag, counts, the first records), then 300
        // spread over the rest.
        let rest = bytes.count > 256 ? (0..<300).map { 256 + $0 * (bytes.count - 256) / 300 } : []
        let cuts = Array(0..<min(256, bytes.count)) + rest
        let decoded = cuts.filter { decodeAndUse(Array(bytes[..<$0]), book) }
        #expect(decoded.isEmpty, "\(name): decoded when cut at \(decoded.prefix(5))")
    }

    @Test(arguments: 0..<3)
    func flippedBytesNeverCrash(_ structure: Int) {
        let (name, bytes, decodeAndUse) = Self.structures[structure]
        let book = CodecBooks.bundled.book
        var refused = 0, trials = 0
        FuzzBudget.forEachSeed(base: 0xC0DE_C000 + UInt64(structure) << 16, defaultSeeds: 300) { seed in
            FuzzBudget.note("cache-codec-\(name)", seed: seed)
            var random = SplitMix64(seed: seed)
            var damaged = bytes
            // One to three bytes changed, each to another value.
            for _ in 0...random.below(3) {
                damaged[random.below(damaged.count)] ^= UInt8(1 + random.below(255))
            }
            trials += 1
            if !decodeAndUse(damaged, book) { refused += 1 }
        }
        // Not a promise that every flip is caught (a changed letter in a name is still a
        // name), but many must be: tags, counts, flags, indices and ranges are checked.
        #expect(refused > 0, "\(name): \(refused) of \(trials) refused")
        // A damaged tag is always refused.
        for i in 0..<4 {
            var damaged = bytes
            damaged[i] ^= 0x01
            #expect(!decodeAndUse(damaged, book), "\(name): tag byte \(i)")
        }
    }
}
