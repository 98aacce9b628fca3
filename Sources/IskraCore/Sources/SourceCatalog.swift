// Every source's metadata and every narrative <-> source link of a book, computed together
// from the text (see SourceMetadata.swift and EvidenceLinks.swift). About a millisecond for
// the bundled book and linear in the book's size: the explorer builds it in the background
// after the first frame.

public struct SourceCatalog: Sendable {
    /// One per source, in `Document.sources` order.
    public let entries: [SourceInfo]
    /// Quoted links, then related ones; each group in book order of the narrative (related:
    /// by source, best first).
    public let links: [EvidenceLink]
    private let linksBySource: [[Int]]
    private let linksByUnit: [Int: [Int]]
    private var hindsights: [Hindsight?] = []

    /// `parallelism`: how many threads a large book is read on (the result is the same).
    public init(book: Book, parallelism: Parallelism = .automatic) {
        let people = book.people
        var entries: [SourceInfo] = []
        var scanner = WordScanner()
        for index in book.document.sources.indices {
            let units = book.sourceUnits[index]
            var info = SourceInfo(index: index, number: book.document.sources[index].number)
            if let reading = SourceCatalog.readHeader(ofSource: index, book: book, scanner: &scanner) {
                info.author = reading.author
                info.authorRange = reading.authorRange
                info.authorBasis = reading.basis
                info.person = reading.person
                info.personID = reading.person.map { people.people[$0].id }
                info.title = reading.title
                info.titleRange = reading.titleRange
                info.date = reading.date
                info.eventDates = reading.eventDates
                info.genre = reading.genre
                info.genreWord = reading.genreWord
            }
            var counts: [Int: Int] = [:]
            for unit in units { for mention in people.mentions(inUnit: unit) { counts[mention.person, default: 0] += 1 } }
            info.people = counts.map { PersonCount(person: $0.key, count: $0.value) }.sorted {
                $0.count != $1.count ? $0.count > $1.count : people.people[$0.person].name < people.people[$1.person].name
            }
            entries.append(info)
        }
        let findings = EvidenceFinder.findings(book: book, entries: entries, parallelism: parallelism)
        let found = findings.links
        let quoted = found.filter { $0.kind == .quoted }.sorted { ($0.unit, $0.source) < ($1.unit, $1.source) }
        let links = quoted + found.filter { $0.kind == .related }
        self.entries = entries
        self.links = links
        (linksBySource, linksByUnit) = SourceCatalog.lookups(links, sourceCount: entries.count)
        // Read once here, in the background job, not each time a card is laid out.
        hindsights = entries.map { Hindsight.make($0, catalog: self, findings: findings) }
    }

    /// A catalog from its stored parts (the cache's decoder, which checks that every link's
    /// source is below `entries.count` and that there is one hindsight per entry).
    init(entries: [SourceInfo], links: [EvidenceLink], hindsights: [Hindsight?]) {
        self.entries = entries
        self.links = links
        (linksBySource, linksByUnit) = SourceCatalog.lookups(links, sourceCount: entries.count)
        self.hindsights = hindsights
    }

    /// Indices into `links` by source and by narrative unit.
    private static func lookups(_ links: [EvidenceLink], sourceCount: Int) -> (bySource: [[Int]], byUnit: [Int: [Int]]) {
        var bySource = [[Int]](repeating: [], count: sourceCount)
        var byUnit: [Int: [Int]] = [:]
        for (i, link) in links.enumerated() {
            bySource[link.source].append(i)
            byUnit[link.unit, default: []].append(i)
        }
        return (bySource, byUnit)
    }

    /// What source `index`'s header says (nil when it has no header unit): shared with the
    /// timeline, whose source dates must be the catalog's.
    static func readHeader(ofSource index: Int, book: Book, scanner: inout WordScanner) -> HeaderReader.Reading? {
        let source = book.document.sources[index]
        guard let header = book.sourceUnits[index].first, book.units[header].kind == .sourceHeader else { return nil }
        let mentions = book.people.mentions(inUnit: header).map {
            HeaderReader.NameSpan(range: $0.offset..<($0.offset + $0.length), person: $0.person)
        }
        // The parser's `Author, Title (Date)` fields (from `SourceHeader.fields`).
        let fields = source.author.map { SourceHeader.Fields(author: $0, title: source.title, date: source.date) }
        return HeaderReader.read(source.header, fields: fields, mentions: Array(mentions),
                                 people: book.people.people, scanner: &scanner)
    }

    /// Source `index`'s links: quoted first (book order), then related (best first).
    public func links(ofSource index: Int) -> [EvidenceLink] {
        linksBySource.indices.contains(index) ? linksBySource[index].map { links[$0] } : []
    }

    /// Indices into `links` of source `index`'s links, and of narrative unit `unit`'s.
    public func linkIndices(ofSource index: Int) -> [Int] { linksBySource.indices.contains(index) ? linksBySource[index] : [] }
    public func linkIndices(ofUnit unit: Int) -> [Int] { linksByUnit[unit] ?? [] }

    /// The links of narrative unit `unit` (a paragraph or caption), quoted first.
    public func links(ofUnit unit: Int) -> [EvidenceLink] {
        (linksByUnit[unit] ?? []).map { links[$0] }
    }

    /// Sources whose author matches `name` (the header's words or the register person's forms,
    /// folded as search folds them, word prefixes): what `by:NAME` keeps.
    public func sources(byAuthor name: String, people: PeopleIndex) -> [Int] {
        var scanner = WordScanner()
        let query = scanner.scan(name)
        guard query.count > 0 else { return [] }
        return entries.filter { entry in
            var names: [String] = entry.author.map { [$0] } ?? []
            if let person = entry.person { names += people.people[person].forms }
            return names.contains { candidate in
                let words = scanner.scan(candidate)
                return (0..<query.count).allSatisfy { q in (0..<words.count).contains { words.hashes[$0] == query.hashes[q] } }
            }
        }.map(\.index)
    }

    /// The sources whose author matches every one of `names` (a query's `by:` words).
    public func sources(byAuthors names: [String], people: PeopleIndex) -> [Int] {
        var kept = Array(entries.indices)
        for name in names { kept = kept.filter(Set(sources(byAuthor: name, people: people)).contains) }
        return kept
    }

    /// How long after the events it dates a source was written, where the dates allow.
    public func hindsight(ofSource index: Int) -> Hindsight? {
        hindsights.indices.contains(index) ? hindsights[index] : nil
    }
}

/// How long after the events it tells of a source was written.
public struct Hindsight: Equatable, Sendable {
    public enum Basis: Equatable, Sendable {
        /// Dates the header gives for what the source is about ("In November, 1917, ...").
        case header
        /// Dates the source's own text states.
        case sourceText
        /// Dates stated by the narrative paragraph that quotes it (unit id), before the quote.
        case narrative(unit: Int)
    }

    /// When the source was written.
    public var written: DateKey
    /// The earliest and latest event dates considered (never after `written`).
    public var earliest: DateKey
    public var latest: DateKey
    public var basis: Basis

    /// Months between the latest event and the writing (the shortest distance), and between
    /// the earliest and the writing; compared only to the precision both dates share.
    public var monthsAfterLatest: Int { latest.monthsUntil(written) }
    public var monthsAfterEarliest: Int { earliest.monthsUntil(written) }

    /// "written 1 year after the events it dates (Oct 1920)", "written the same month".
    public var summary: String {
        func span(_ months: Int) -> String {
            if months >= 12 { let y = months / 12; return "\(y) year\(y == 1 ? "" : "s")" }
            return "\(months) month\(months == 1 ? "" : "s")"
        }
        let short = monthsAfterLatest, long = monthsAfterEarliest
        let dates = earliest == latest ? earliest.short : "\(earliest.short)\u{2013}\(latest.short)"
        if long == 0 { return "written at the time of the events it dates (\(dates))" }
        let first = span(short), second = span(long)
        let gap = first == second ? first : short >= 12 ? "\(short / 12) to \(second)" : "\(first) to \(second)"
        return "written \(gap) after the events it dates (\(dates))"
    }

    /// `findings`: the dates the sources and the quoting narrative state, read with the links.
    static func make(_ entry: SourceInfo, catalog: SourceCatalog, findings: EvidenceFinder.Findings) -> Hindsight? {
        guard let written = entry.date?.key else { return nil }
        func usable(_ dates: [DateKey]) -> [DateKey] { dates.filter { !(written < $0) && $0.year >= written.year - 150 } }
        func build(_ dates: [DateKey], _ basis: Basis) -> Hindsight? {
            let kept = usable(dates)
            guard let earliest = kept.min(), let latest = kept.max() else { return nil }
            return Hindsight(written: written, earliest: earliest, latest: latest, basis: basis)
        }
        if let fromHeader = build(entry.eventDates.map(\.key), .header) { return fromHeader }
        if let fromText = build(findings.datesOfSource[entry.index], .sourceText) { return fromText }
        for link in catalog.links(ofSource: entry.index) where link.kind == .quoted {
            let quoteStart = link.spans.first?.narrativeRange.lowerBound ?? Int.max
            let before = (findings.narrativeDates[link.unit] ?? []).filter { $0.start < quoteStart }.map(\.key)
            if let fromNarrative = build(before, .narrative(unit: link.unit)) { return fromNarrative }
        }
        return nil
    }
}

// MARK: JSON (`iskra sources --json`, `iskra links --json`, `iskra export --json`)

extension SourceCatalog {
    /// `{"sources":[{"number","line","endLine","header","author","person","title","date",
    /// "dateText","genre","links":[{"chapter","line","kind"}]}]}`: lines 1-based, chapters
    /// 0-based; `person` a register id, `date` "YYYY", "YYYY-MM" or "YYYY-MM-DD"; null where
    /// the header does not say.
    public func sourcesJSON(_ document: Document) -> JSON { .object([("sources", sourceList(document))]) }

    /// `{"links":[{"source","chapter","line","kind","score","evidence"}]}`: `source` is the
    /// source's number, `line` the narrative paragraph's first file line.
    public func linksJSON(_ document: Document) -> JSON { .object([("links", linkList(document))]) }

    func sourceList(_ document: Document) -> JSON {
        .array(entries.map { entry in
            let source = document.sources[entry.index]
            return .object([
                ("number", .int(source.number)), ("line", .int(source.line)), ("endLine", .int(source.endLine)),
                ("header", .string(source.header)), ("author", .optional(entry.author)),
                ("person", .optional(entry.personID)), ("title", .optional(entry.title)),
                ("date", .optional(entry.date?.iso)), ("dateText", .optional(entry.date?.text)),
                ("genre", .optional(entry.genre?.name)),
                ("links", .array(links(ofSource: entry.index).map { link in
                    .object([("chapter", .int(link.chapter)), ("line", .int(link.line)), ("kind", .string(link.kind.rawValue))])
                })),
            ])
        })
    }

    func linkList(_ document: Document) -> JSON {
        .array(links.map { link in
            .object([
                ("source", .int(document.sources[link.source].number)), ("chapter", .int(link.chapter)),
                ("line", .int(link.line)), ("kind", .string(link.kind.rawValue)), ("score", .double(link.score)),
                ("evidence", .string(link.evidence)),
            ])
        })
    }
}
