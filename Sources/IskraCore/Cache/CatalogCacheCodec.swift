// The sources' catalog in the cache: every entry, every link with its spans, and each
// source's hindsight (stored: working it out reads the sources' text again). The lookups by
// source and by unit are rebuilt from the links.
//
//   tag "cat1"       UInt32
//   entries          Array of SourceInfo (one per source, in source order)
//   links            Array of EvidenceLink
//   hindsights       Array of Optional Hindsight (one per entry)
//
// Decoding checks the values against the book they are for: every index (source, chapter,
// unit, person) inside it, every range inside the text it points into.

extension SourceCatalog {
    static let cacheTag = UInt32(0x3174_6163)   // "cat1" little-endian

    /// The catalog in the cache's byte format, for `init?(cacheBytes:book:)`.
    public func cacheBytes() -> [UInt8] {
        var encoder = CacheEncoder(reservingCapacity: 1024 + entries.count * 256 + links.count * 192)
        encoder.append(Self.cacheTag)
        encoder.appendArray(entries) { $0.append($1) }
        encoder.appendArray(links) { $0.append($1) }
        encoder.appendArray(entries.indices.map { hindsight(ofSource: $0) }) { encoder, hindsight in
            encoder.appendOptional(hindsight) { $0.append($1) }
        }
        return encoder.bytes
    }

    /// The catalog `cacheBytes()` wrote for `book` (the same text and people); nil when the
    /// bytes are damaged or do not fit the book.
    public init?(cacheBytes bytes: UnsafeRawBufferPointer, book: Book) {
        var decoder = CacheDecoder(bytes)
        let bounds = CatalogBounds(book)
        guard decoder.integer(UInt32.self) == Self.cacheTag else { return nil }
        var entries: [SourceInfo] = []
        guard let sourceCount = decoder.count(elementSize: CacheSize.sourceInfo),
              sourceCount == book.document.sources.count else { return nil }
        entries.reserveCapacity(sourceCount)
        for index in 0..<sourceCount {
            guard let entry = decoder.sourceInfo(index: index, bounds) else { return nil }
            entries.append(entry)
        }
        guard let links = decoder.array(elementSize: CacheSize.evidenceLink, { $0.evidenceLink(bounds) }),
              let hindsights = decoder.array(elementSize: CacheSize.optional, { decoder in
                  decoder.optional { $0.hindsight(bounds) }
              }),
              hindsights.count == entries.count, decoder.isCompleteAndValid else { return nil }
        self.init(entries: entries, links: links, hindsights: hindsights)
    }
}

/// What a decoded catalog's values must stay within.
struct CatalogBounds {
    let book: Book
    let units: Int
    let chapters: Int
    let sources: Int
    let people: Int

    init(_ book: Book) {
        self.book = book
        units = book.units.count
        chapters = book.document.chapters.count
        sources = book.document.sources.count
        people = book.people.people.count
    }

    /// Whether `range` (scalar offsets) can lie in `text`: a scalar takes at least one UTF-8
    /// byte, and the byte count is known without reading the text.
    static func fits(_ range: Range<Int>?, in text: String) -> Bool {
        range.map { $0.upperBound <= text.utf8.count } ?? true
    }
}

extension AuthorBasis: CacheCodedEnum {}

extension EvidenceKind: CacheCodedEnum {}

/// Genre has nineteen cases and lists them all: its position there is its code.
extension Genre: CacheCodedEnum {}

extension CacheEncoder {
    mutating func append(_ entry: SourceInfo) {
        append(entry.index)
        append(entry.number)
        appendOptional(entry.author) { $0.append($1) }
        appendOptional(entry.authorRange) { $0.append($1) }
        appendOptional(entry.authorBasis) { $0.append($1) }
        appendOptional(entry.person) { $0.append($1) }
        appendOptional(entry.personID) { $0.append($1) }
        appendOptional(entry.title) { $0.append($1) }
        appendOptional(entry.titleRange) { $0.append($1) }
        appendOptional(entry.date) { $0.append($1) }
        appendArray(entry.eventDates) { $0.append($1) }
        appendOptional(entry.genre) { $0.append($1) }
        appendOptional(entry.genreWord) { $0.append($1) }
        appendArray(entry.people) { encoder, count in
            encoder.append(count.person)
            encoder.append(count.count)
        }
    }

    mutating func append(_ link: EvidenceLink) {
        append(link.source)
        append(link.chapter)
        append(link.unit)
        append(link.line)
        append(link.kind)
        append(link.score)
        append(link.evidence)
        appendArray(link.spans) { encoder, span in
            encoder.append(span.narrativeRange)
            encoder.append(span.sourceUnit)
            encoder.append(span.sourceRange)
            encoder.append(span.words)
        }
    }

    mutating func append(_ hindsight: Hindsight) {
        append(hindsight.written)
        append(hindsight.earliest)
        append(hindsight.latest)
        switch hindsight.basis {
        case .header: append(UInt8(0))
        case .sourceText: append(UInt8(1))
        case .narrative(let unit): append(UInt8(2)); append(unit)
        }
    }
}

extension CacheDecoder {
    /// Source `index`'s entry: ranges and dates inside its header, its person and the people
    /// it names in the register.
    mutating func sourceInfo(index: Int, _ bounds: CatalogBounds) -> SourceInfo? {
        let source = bounds.book.document.sources[index]
        guard int() == index, int() == source.number,
              let author = optional({ $0.string() }), let authorRange = optional({ $0.range() }),
              let authorBasis = optional({ $0.enumCase(AuthorBasis.self) }),
              let person = optional({ $0.int(in: 0..<bounds.people) }), let personID = optional({ $0.string() }),
              let title = optional({ $0.string() }), let titleRange = optional({ $0.range() }),
              let date = optional({ $0.statedDate() }),
              let eventDates = array(elementSize: CacheSize.statedDate, { $0.statedDate() }),
              let genre = optional({ $0.enumCase(Genre.self) }), let genreWord = optional({ $0.string() }),
              let people = array(elementSize: 2 * CacheSize.int, { decoder -> PersonCount? in
                  guard let person = decoder.int(in: 0..<bounds.people), let count = decoder.int(in: 0..<Int.max)
                  else { return nil }
                  return PersonCount(person: person, count: count)
              }) else { return nil }
        let header = source.header
        guard CatalogBounds.fits(authorRange, in: header), CatalogBounds.fits(titleRange, in: header),
              CatalogBounds.fits(date?.range, in: header), eventDates.allSatisfy({ CatalogBounds.fits($0.range, in: header) })
        else { return fail() }
        return SourceInfo(index: index, number: source.number, author: author, authorRange: authorRange,
                          authorBasis: authorBasis, person: person, personID: personID, title: title,
                          titleRange: titleRange, date: date, eventDates: eventDates, genre: genre,
                          genreWord: genreWord, people: people)
    }

    mutating func evidenceLink(_ bounds: CatalogBounds) -> EvidenceLink? {
        guard let source = int(in: 0..<bounds.sources), let chapter = int(in: 0..<bounds.chapters),
              let unit = int(in: 0..<bounds.units), let line = int(in: 0..<Int.max),
              let kind = enumCase(EvidenceKind.self), let score = double(), let evidence = string(),
              let spans = array(elementSize: 2 * CacheSize.range + 2 * CacheSize.int, { $0.sharedSpan(bounds) })
        else { return nil }
        // A score is a proportion; the narrative unit is a paragraph of that chapter.
        guard (0...1).contains(score), bounds.book.units[unit].container == .chapter(chapter),
              spans.allSatisfy({ CatalogBounds.fits($0.narrativeRange, in: bounds.book.units[unit].text) })
        else { return fail() }
        return EvidenceLink(source: source, chapter: chapter, unit: unit, line: line, kind: kind, score: score,
                            evidence: evidence, spans: spans)
    }

    mutating func sharedSpan(_ bounds: CatalogBounds) -> SharedSpan? {
        guard let narrativeRange = range(), let sourceUnit = int(in: 0..<bounds.units), let sourceRange = range(),
              let words = int(in: 0..<Int.max) else { return nil }
        guard CatalogBounds.fits(sourceRange, in: bounds.book.units[sourceUnit].text) else { return fail() }
        return SharedSpan(narrativeRange: narrativeRange, sourceUnit: sourceUnit, sourceRange: sourceRange, words: words)
    }

    mutating func hindsight(_ bounds: CatalogBounds) -> Hindsight? {
        guard let written = dateKey(), let earliest = dateKey(), let latest = dateKey() else { return nil }
        let basis: Hindsight.Basis
        switch integer(UInt8.self) {
        case 0?: basis = .header
        case 1?: basis = .sourceText
        case 2?:
            guard let unit = int(in: 0..<bounds.units) else { return nil }
            basis = .narrative(unit: unit)
        case nil: return nil
        default: return fail()
        }
        return Hindsight(written: written, earliest: earliest, latest: latest, basis: basis)
    }
}

extension CacheSize {
    /// Index, number, ten optionals, two arrays.
    static let sourceInfo = 2 * int + 10 * optional + 2 * 4
    /// Four Ints, a kind, a score, a string, an array.
    static let evidenceLink = 4 * int + 1 + 8 + string + 4
}
