import IskraCore
import TextUI

/// The sources' metadata and links (`SourceCatalog`), with what the reader asks of them on
/// every frame, made once: which links touch a source paragraph, each linked paragraph's
/// margin mark, the Sources list's rows.
struct Evidence: Sendable {
    let catalog: SourceCatalog
    /// Link indices by source paragraph (the units a link shares words with; a related link
    /// without shared words touches none). By narrative unit, the catalog has them.
    private let bySourceUnit: [Int: [Int]]
    /// The margin mark of every linked paragraph, on either side.
    private let marks: [Int: EvidenceKind]
    /// What the Sources list shows for each source ("Trotsky: My Life"), and its author part.
    let listTitles: [String]
    let listAuthors: [String?]

    init(_ catalog: SourceCatalog, book: Book) {
        self.catalog = catalog
        var source: [Int: [Int]] = [:], marks: [Int: EvidenceKind] = [:]
        for (index, link) in catalog.links.enumerated() {
            for unit in Set(link.spans.map(\.sourceUnit)) { source[unit, default: []].append(index) }
            // Quoted wins over related, on either side.
            for unit in [link.unit] + link.spans.map(\.sourceUnit) where marks[unit] != .quoted { marks[unit] = link.kind }
        }
        bySourceUnit = source
        self.marks = marks
        let authors = catalog.entries.map { $0.shortAuthor(people: book.people.people) }
        listAuthors = authors
        listTitles = catalog.entries.map { entry in
            let source = book.document.sources[entry.index]
            let author = authors[entry.index]
            let work = entry.shortTitle ?? entry.genre?.name
            switch (author, work) {
            case let (author?, work?): return author + ": " + work
            case let (author?, nil): return author + ": " + source.header
            case let (nil, work?) where entry.title != nil: return work
            default: return source.header
            }
        }
    }

    /// The links of a paragraph: a narrative one's, or those sharing words with a source's.
    func links(ofUnit unit: Int) -> [Int] {
        let narrative = catalog.linkIndices(ofUnit: unit)
        return narrative.isEmpty ? bySourceUnit[unit] ?? [] : narrative
    }

    /// How a paragraph is marked in the margin: quoted if any of its links is, else related.
    func mark(ofUnit unit: Int) -> EvidenceKind? { marks[unit] }

    func listTitle(ofSource index: Int, book: Book) -> String {
        listTitles.indices.contains(index) ? listTitles[index] : book.document.sources[index].header
    }

    /// The margin glyphs: different shapes, so quoted and related tell apart in monochrome.
    static func glyph(_ kind: EvidenceKind) -> String { kind == .quoted ? "┃" : "┆" }
}

/// The source beside the story (`|`): side by side from 100 columns, a box over the reader
/// below that. Its own layout and scroll; `focused` when its side takes the moving keys.
struct SourcePeek: Sendable {
    var source: Int
    var layout: ReaderLayout
    var top = 0
    var focused = false
}

extension AppState {
    /// Side by side needs this many columns; below, the source is a box over the reader.
    static let splitWidth = 100

    var splitsSideBySide: Bool { split != nil && size.width >= Self.splitWidth }
}

// MARK: The source card

enum SourceCard {
    static func lines(book: Book, evidence: Evidence?, source index: Int, width: Int) -> [ReaderLine] {
        var lines: [ReaderLine] = []
        func text(_ parts: [LinePart], role: LineRole = .paragraph, target: LineTarget? = nil) {
            lines.append(ReaderLine(role: role, parts: parts, target: target))
        }
        func blank() { lines.append(ReaderLine(role: .blank)) }
        let source = book.document.sources[index]
        text([LinePart("SOURCE \(index + 1) OF \(book.document.sources.count) · CARD", .pageLabel)], role: .pageLabel)
        let header = "(\(source.number)) " + source.header
        for line in WordWrap.wrap(header, width: width) {
            text([LinePart(String(line.text(in: header)), .sourceHeader)], role: .heading)
        }
        blank()
        guard let evidence, evidence.catalog.entries.indices.contains(index) else {
            text([LinePart("Reading the sources' headers… the card fills in a moment.", .cardLabel)])
            return lines
        }
        let entry = evidence.catalog.entries[index]
        let missing = "not in the header"
        // Author: the register's person opens their card.
        if let author = entry.author {
            let person = entry.person.map { book.people.people[$0].name }
            let value = author + (person.map { $0 == author ? " · Enter: card" : " (\($0)) · Enter: card" } ?? "")
            PersonCard.wrapField("Author", value, width: width, into: &lines, target: entry.person.map { .person($0) })
        } else {
            PersonCard.wrapField("Author", missing, width: width, into: &lines)
        }
        PersonCard.wrapField("Work", entry.title ?? missing, width: width, into: &lines)
        PersonCard.wrapField("Date", entry.date.map { $0.display + (DateKey.sameWords($0.display, $0.text) ? "" : " (“\($0.text)”)") }
                                ?? missing, width: width, into: &lines)
        if !entry.eventDates.isEmpty {
            PersonCard.wrapField("Events", entry.eventDates.map { $0.display + " (“\($0.text)”)" }.joined(separator: ", ")
                                 + " · dates the header gives for what it tells", width: width, into: &lines)
        }
        PersonCard.wrapField("Genre", entry.genre.map { $0.name + (entry.genreWord.map { " (“\($0)”)" } ?? " (implied by the header)") }
                                 ?? "not stated", width: width, into: &lines)
        if let hindsight = evidence.catalog.hindsight(ofSource: index) {
            // "written 2 years after the events it dates (…)": the label says "Written".
            let summary = hindsight.summary.hasPrefix("written ") ? String(hindsight.summary.dropFirst(8)) : hindsight.summary
            let basis = switch hindsight.basis {
            case .header: "by the dates in its header"
            case .sourceText: "by the dates in its text"
            case .narrative: "by the dates the story gives where it quotes it"
            }
            PersonCard.wrapField("Written", summary + ", " + basis, width: width, into: &lines)
        }
        PersonCard.wrapField("Text", "lines \(source.line)–\(source.endLine) · Enter reads it", width: width, into: &lines,
                             target: .sourceText(index))
        blank()

        let all = evidence.catalog.links
        let indices = evidence.catalog.linkIndices(ofSource: index)
        let quoted = indices.filter { all[$0].kind == .quoted }
        let related = indices.filter { all[$0].kind == .related }
        if indices.isEmpty {
            let none = "No paragraph of the story quotes this source, and none was found to tell of it."
            for line in WordWrap.wrap(none, width: width) { text([LinePart(String(line.text(in: none)), .cardLabel)]) }
            blank()
        }
        if !quoted.isEmpty {
            text([LinePart("QUOTED IN THE STORY · Enter opens", .pageLabel)], role: .pageLabel)
            for link in quoted { linkRows(book, all[link], link, width: width, into: &lines) }
            blank()
        }
        if !related.isEmpty {
            text([LinePart("RELATED · PROPOSED · Enter opens", .pageLabel)], role: .pageLabel)
            for link in related { linkRows(book, all[link], link, width: width, into: &lines) }
            blank()
        }
        if !entry.people.isEmpty {
            text([LinePart("PEOPLE NAMED · Enter opens a card", .pageLabel)], role: .pageLabel)
            let countWidth = String(entry.people.first?.count ?? 0).count
            for named in entry.people {
                let count = String(named.count)
                text([LinePart(" " + String(repeating: " ", count: countWidth - count.count) + count + "  ", .kwicWhere),
                      LinePart(book.people.people[named.person].name, .cardValue)], target: .person(named.person))
            }
        }
        if lines.last?.role == .blank { lines.removeLast() }
        return lines
    }

    /// A link's row ("Ch 13 · title · line 179", the score of a proposal) and its evidence.
    private static func linkRows(_ book: Book, _ link: EvidenceLink, _ index: Int, width: Int, into lines: inout [ReaderLine]) {
        let label = book.document.shortChapterLabel(link.chapter)
        let score = link.kind == .related ? " · \(Int((link.score * 100).rounded()))%" : ""
        let tail = " · line \(link.line)" + score
        let title = VisibleText.truncate(book.pageTitle(.chapter(link.chapter)),
                                         toWidth: max(4, width - DisplayWidth.of(label) - 3 - DisplayWidth.of(tail)))
        lines.append(ReaderLine(role: .paragraph, parts: [LinePart(" " + label + "  ", .kwicWhere), LinePart(title, .cardValue),
                                                          LinePart(tail, .kwicWhere)], target: .link(index)))
        let evidence = (link.kind == .quoted ? "“" + link.evidence + "”" : link.evidence)
        lines.append(ReaderLine(role: .paragraph, parts: [LinePart("     " + VisibleText.truncate(evidence, toWidth: max(4, width - 5)),
                                                                   link.kind == .quoted ? .quotation : .cardLabel)]))
    }
}

extension DateKey {
    /// Whether a date's display form says what the header's words say, so the words need not
    /// follow it ("1930" and "1930").
    static func sameWords(_ display: String, _ text: String) -> Bool {
        display == text.trimmingCharacters(in: "().,")
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) || first == " " { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) || last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
