import IskraCore
import TextUI

/// What a reader line is, which decides how it is styled.
enum LineRole: Hashable, Sendable {
    case blank
    case pageLabel
    case heading
    case paragraph
    /// Text of a primary source.
    case quotation
    case caption
    case altText
    case sourceHeader
    case sourceAuthor
    case sourceWork
    case sourceDate
    case separator
    /// A name of a person in the text.
    case person
    /// A search hit, and the one jumped to.
    case hit
    case currentHit
    /// Labels and values on a person's card.
    case cardLabel
    case cardValue
    case strip
    case stripMarker
    /// A keyword-in-context line: where it is, and the keyword.
    case kwicWhere
    case kwicKeyword
    /// The margin marks of paragraphs linked to a source: quoted, or related (proposed).
    case linkQuoted
    case linkRelated
    /// Words a source and the paragraph that quotes it share.
    case shared
    /// Words a note or highlight is on; words being chosen for one (`v`); the margin mark of
    /// a paragraph with a note.
    case noted
    case selected
    case noteMark
}

/// What choosing a reader line (Enter, or a click) leads to.
enum LineTarget: Hashable, Sendable {
    /// Index into `PeopleIndex.mentions`.
    case mention(Int)
    case person(Int)
    /// A row of a card's "Where" list: the chapter or source of this mention (the person's
    /// first there), opened at it.
    case page(firstMention: Int)
    /// A row of a card's "Named with" list: the passages naming both the card's person and this one.
    case shared(with: Int)
    /// A source card's "Text" row: the source itself.
    case sourceText(Int)
    /// A source card's link row: the narrative paragraph (index into `SourceCatalog.links`).
    case link(Int)
    /// A person card's row of a source they wrote: its card.
    case sourceCard(Int)
    /// A dated passage (index into `BookDates.dates`), opened with the date highlighted.
    case date(Int)
}

/// A piece of a line that is not book text (labels, field separators).
struct LinePart: Hashable, Sendable {
    var text: String
    var role: LineRole
    init(_ text: String, _ role: LineRole) {
        self.text = text
        self.role = role
    }
}

struct ReaderLine: Hashable, Sendable {
    var role: LineRole
    /// The text unit this line shows part of; nil for labels and blank lines.
    public var unit: Int?
    /// Scalar offsets of `text` within the unit's text.
    var range: Range<Int>
    var text: String
    /// Drawn before the text: a marker on the first line, indentation on the following ones.
    var prefix: String
    /// Lines that are not book text are made of parts.
    var parts: [LinePart]
    /// Set on lines that can be chosen.
    var target: LineTarget?
    /// On a person's card, a mention line: its keyword-in-context parts are made when the line
    /// is drawn (a card can list tens of thousands of mentions).
    var mentionColumns: MentionColumns?

    init(role: LineRole, unit: Int? = nil, range: Range<Int> = 0..<0, text: String = "",
                prefix: String = "", parts: [LinePart] = [], target: LineTarget? = nil,
                mentionColumns: MentionColumns? = nil) {
        self.target = target
        self.mentionColumns = mentionColumns
        self.role = role
        self.unit = unit
        self.range = range
        self.text = text
        self.prefix = prefix
        self.parts = parts
    }
}

/// Column widths of a card's keyword-in-context lines: where, left context, keyword, right.
struct MentionColumns: Hashable, Sendable {
    var whereWidth: Int
    var leftWidth: Int
    var keywordWidth: Int
    var rightWidth: Int
    /// On a page of passages shared by two people, the two: in each line, the name of the one
    /// who is not the keyword is highlighted in the context too.
    var pair: [Int] = []
}

/// The text at the top of the reader: a unit and an offset in it, plus how many lines above
/// that unit line the top is (labels and blank lines have no unit of their own).
public struct ReaderAnchor: Hashable, Sendable {
    public var unit: Int?
    public var offset: Int
    public var linesBefore: Int

    init(unit: Int?, offset: Int, linesBefore: Int) {
        self.unit = unit
        self.offset = offset
        self.linesBefore = linesBefore
    }

    static let top = ReaderAnchor(unit: nil, offset: 0, linesBefore: 0)
}

/// A page wrapped to a width: the lines the reader scrolls through.
struct ReaderLayout: Sendable {
    let page: Page
    let width: Int
    private(set) var lines: [ReaderLine] = []
    /// First line of each unit on the page.
    private(set) var firstLine: [Int: Int] = [:]
    /// The scalars laid out of the units that are only partly in the window (a long unit cut
    /// by the window's ends; unbounded on a side the window holds the unit's end).
    private(set) var partial: [Int: Range<Int>] = [:]

    static let imageMarker = "[image] "
    static let altMarker = "alt: "
    static let quoteMarker = "│ "

    /// The page's body units (a chapter's or source's own units, by id).
    private(set) var body: Range<Int> = 0..<0
    /// The body units laid out (wholly or in part): all of them, or for a very long page a
    /// window around the reading position, so that opening and scrolling it never wraps
    /// megabytes at once.
    private(set) var window: Range<Int> = 0..<0
    /// The same in pieces (see `Book.pieces`): a unit is one piece, a unit of megabytes (a book
    /// without line breaks) many, so that a window holds part of it.
    private(set) var pieceBody: Range<Int> = 0..<0
    private(set) var pieceWindow: Range<Int> = 0..<0

    /// Pages with more body pieces (units, or pieces of very long units) than this are laid out
    /// a window at a time.
    static let windowUnits = 240

    var isWindowed: Bool { pieceWindow != pieceBody }
    var windowAtStart: Bool { pieceWindow.lowerBound <= pieceBody.lowerBound }
    var windowAtEnd: Bool { pieceWindow.upperBound >= pieceBody.upperBound }

    /// `around`: a unit the window should contain (a long page only), and `aroundOffset` the
    /// scalar offset in it (which part of a very long unit); nil for the start.
    /// `readingPage`: the chapter or source read last, marked on a person's card.
    /// `evidence`: the sources' metadata and links, for a source's card.
    init(book: Book, page: Page, evidence: Evidence? = nil, dates: BookDates? = nil, width: Int, readingPage: Page? = nil,
         around: Int? = nil, aroundOffset: Int = 0, atEnd: Bool = false) {
        self.page = page
        self.width = max(1, width)
        guard book.isValid(page) else { return }
        switch page {
        case .chapter(let index): body = book.chapterUnits[index]
        case .source(let index):
            // The first source's page opens with the sources heading and introduction.
            let intro = book.sourcesIntroUnits
            body = index == 0 && !intro.isEmpty ? intro.lowerBound ..< book.sourceUnits[0].upperBound : book.sourceUnits[index]
        case .person, .shared, .sourceCard: body = 0..<0
        }
        pieceBody = body.isEmpty ? 0..<0 : book.firstPiece(ofUnit: body.lowerBound) ..< book.firstPiece(ofUnit: body.upperBound)
        let aroundPiece = around.flatMap { body.contains($0) ? book.piece(ofUnit: $0, offset: aroundOffset) : nil }
        pieceWindow = Self.window(body: pieceBody, around: aroundPiece, atEnd: atEnd)
        window = pieceWindow.isEmpty ? body.lowerBound ..< body.lowerBound
            : book.locate(piece: pieceWindow.lowerBound).unit ..< book.locate(piece: pieceWindow.upperBound - 1).unit + 1
        switch page {
        case .chapter(let index): layOutChapter(book, index)
        case .source(let index): layOutSource(book, index)
        case .person(let index):
            lines = PersonCard.lines(book: book, person: index, width: self.width, readingPage: readingPage, evidence: evidence,
                                     dates: dates)
        case .shared(let index, let other): lines = PersonCard.sharedLines(book: book, person: index, with: other, width: self.width)
        case .sourceCard(let index): lines = SourceCard.lines(book: book, evidence: evidence, source: index, width: self.width)
        }
        if lines.last?.role == .blank { lines.removeLast() }
        selectableLines = lines.indices.filter { lines[$0].target != nil }
    }

    static func window(body: Range<Int>, around: Int?, atEnd: Bool) -> Range<Int> {
        guard body.count > windowUnits else { return body }
        let start: Int
        if atEnd {
            start = body.upperBound - windowUnits
        } else if let around, body.contains(around) {
            start = min(max(body.lowerBound, around - windowUnits / 2), body.upperBound - windowUnits)
        } else {
            start = body.lowerBound
        }
        return start..<(start + windowUnits)
    }

    /// Whether scalar `offset` of unit `unit` is in the laid-out part of the page.
    func covers(unit: Int, offset: Int, in book: Book) -> Bool {
        guard window.contains(unit) else { return false }
        return pieceWindow.contains(book.piece(ofUnit: unit, offset: offset))
    }

    /// A unit's part in the window: the scalar range laid out (nil: all of it), and whether it
    /// holds the unit's start and end (where markers and blank lines go).
    struct Part {
        var unit: Int
        var range: Range<Int>?
        var isStart: Bool
        var isEnd: Bool
    }

    /// The window's units in order, each with the part of it the window holds.
    private func parts(_ book: Book) -> [Part] {
        var parts: [Part] = []
        var p = pieceWindow.lowerBound
        while p < pieceWindow.upperBound {
            let (unit, index) = book.locate(piece: p)
            let count = book.pieceCount(ofUnit: unit)
            let last = min(count, index + (pieceWindow.upperBound - p))
            if count == 1 {
                parts.append(Part(unit: unit, range: nil, isStart: true, isEnd: true))
            } else {
                let lower = book.scalarRange(ofUnit: unit, piece: index)!.lowerBound
                let upper = book.scalarRange(ofUnit: unit, piece: last - 1)!.upperBound
                parts.append(Part(unit: unit, range: lower ..< upper, isStart: index == 0, isEnd: last == count))
            }
            p += last - index
        }
        return parts
    }

    private mutating func layOutChapter(_ book: Book, _ index: Int) {
        let chapter = book.document.chapters[index]
        if !windowAtStart { lines.append(continuationLine) }
        if windowAtStart {
            let label = book.document.chapterNumber(index).map {
                book.document.isOpeningOnly ? "CHAPTER \($0)" : "CHAPTER \($0) OF \(book.document.bodyChapterCount)"
            }
                ?? book.document.chapters[index].role.rawValue.uppercased()
            lines.append(ReaderLine(role: .pageLabel, parts: [LinePart(label, .pageLabel)]))
        }
        if chapter.heading == nil && windowAtStart {
            // The untitled opening is headed by the book's title.
            if let title = book.units.first(where: { $0.kind == .title }) {
                add(book, Part(unit: title.id, range: nil, isStart: true, isEnd: true), role: .heading)
            } else {
                lines.append(ReaderLine(role: .heading, parts: [LinePart("Opening", .heading)]))
            }
        }
        var previousKind: TextUnitKind?
        let parts = parts(book)
        for (n, part) in parts.enumerated() {
            let id = part.unit
            let unit = book.units[id]
            switch unit.kind {
            case .heading:
                add(book, part, role: .heading)
                if part.isEnd { blank() }
            case .paragraph:
                if previousKind == nil && part.isStart { blank() }
                if unit.paragraph.isSectionBreak {
                    // A rule or an asterism: drawn dim and centred, a break between sections.
                    let margin = String(repeating: " ", count: max(0, (width - DisplayWidth.of(unit.text)) / 2))
                    add(book, part, role: .separator, first: margin, rest: margin)
                } else {
                    add(book, part, role: .paragraph)
                }
                if part.isEnd { blank() }
            case .figureAlt:
                if previousKind == nil { blank() }
                let next = n + 1 < parts.count ? parts[n + 1] : nil
                let caption = next.flatMap { book.units[$0.unit].kind == .figureCaption && $0.range == nil ? book.units[$0.unit] : nil }
                if let caption {
                    add(book, Part(unit: caption.id, range: nil, isStart: true, isEnd: true), role: .caption,
                        first: Self.imageMarker, rest: Self.indent(Self.imageMarker))
                    if Self.normalized(caption.text) != Self.normalized(unit.text) {
                        add(book, part, role: .altText, first: Self.indent(Self.imageMarker) + Self.altMarker,
                            rest: Self.indent(Self.imageMarker + Self.altMarker))
                    }
                } else {
                    add(book, part, role: .caption, first: Self.imageMarker, rest: Self.indent(Self.imageMarker))
                }
                if part.isEnd { blank() }
            case .figureCaption:
                // Drawn with its alt text; a caption whose alt text is above the window is drawn alone.
                if n == 0 && windowAtStart == false {
                    add(book, part, role: .caption, first: Self.imageMarker, rest: Self.indent(Self.imageMarker))
                    if part.isEnd { blank() }
                }
            case .title, .sourcesHeading, .sourceHeader:
                add(book, part, role: .paragraph)
                if part.isEnd { blank() }
            }
            previousKind = unit.kind
        }
    }

    private mutating func layOutSource(_ book: Book, _ index: Int) {
        let number = book.document.sources[index].number
        let intro = index == 0 ? book.sourcesIntroUnits : 0..<0
        if !windowAtStart { lines.append(continuationLine) }
        for part in parts(book) {
            let unit = book.units[part.unit]
            if intro.contains(part.unit) {
                add(book, part, role: unit.kind == .sourcesHeading ? .heading : .paragraph)
                if part.isEnd { blank() }
                continue
            }
            if part.unit == book.sourceUnits[index].lowerBound && part.isStart {
                lines.append(ReaderLine(role: .pageLabel, parts: [LinePart("SOURCE \(index + 1) OF \(book.document.sources.count)", .pageLabel)]))
            }
            switch unit.kind {
            case .sourceHeader:
                add(book, part, role: .sourceHeader, first: "(\(number)) ", rest: Self.indent("(\(number)) "))
            default:
                add(book, part, role: .quotation, first: Self.quoteMarker, rest: Self.quoteMarker)
            }
            if part.isEnd { blank() }
        }
    }

    /// Indices of lines that can be chosen, in order (computed once; cards have hundreds).
    private(set) var selectableLines: [Int] = []

    private var continuationLine: ReaderLine {
        ReaderLine(role: .pageLabel, parts: [LinePart("… (a long page: earlier text above)", .pageLabel)])
    }

    private mutating func blank() {
        if lines.last?.role != .blank { lines.append(ReaderLine(role: .blank)) }
    }

    /// Wraps a unit's part (all of a short unit; a stretch of pieces of a long one) into lines.
    /// The first marker goes only on the unit's own first line.
    private mutating func add(_ book: Book, _ part: Part, role: LineRole, first: String = "", rest: String = "") {
        let unit = book.units[part.unit]
        let prefixWidth = max(DisplayWidth.of(first), DisplayWidth.of(rest))
        let text = unit.text
        let base: Int
        let wrapped: [WrappedLine]
        if let range = part.range {
            if !(part.isStart && part.isEnd) {
                partial[unit.id] = (part.isStart ? Int.min : range.lowerBound) ..< (part.isEnd ? Int.max : range.upperBound)
            }
            let lower = book.index(ofScalar: range.lowerBound, inUnit: unit.id)
            let upper = book.index(ofScalar: range.upperBound, inUnit: unit.id)
            base = range.lowerBound
            wrapped = WordWrap.wrap(text[lower ..< upper], width: max(1, width - prefixWidth))
        } else {
            base = 0
            wrapped = WordWrap.wrap(text, width: max(1, width - prefixWidth))
        }
        if firstLine[unit.id] == nil { firstLine[unit.id] = lines.count }
        for (i, line) in wrapped.enumerated() {
            lines.append(ReaderLine(role: role, unit: unit.id, range: (base + line.start)..<(base + line.end),
                                    text: String(line.text(in: text)), prefix: i == 0 && part.isStart ? first : rest))
        }
    }

    static func indent(_ marker: String) -> String { String(repeating: " ", count: DisplayWidth.of(marker)) }

    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    // MARK: Anchors

    func anchor(forLine index: Int) -> ReaderAnchor {
        var line = max(0, index)
        while line < lines.count, lines[line].unit == nil { line += 1 }
        guard line < lines.count, let unit = lines[line].unit else {
            return ReaderAnchor(unit: nil, offset: 0, linesBefore: max(0, index))
        }
        return ReaderAnchor(unit: unit, offset: lines[line].range.lowerBound, linesBefore: line - max(0, index))
    }

    /// The line index that shows the anchored text, in this layout.
    func line(for anchor: ReaderAnchor) -> Int {
        guard let unit = anchor.unit else { return min(anchor.linesBefore, max(0, lines.count - 1)) }
        guard let start = line(containing: anchor.offset, inUnit: unit) else { return 0 }
        return max(0, start - anchor.linesBefore)
    }

    /// The unit and scalar offset shown at `column` of line `index`, counting columns from the
    /// reader's text column as the reader draws the line: its prefix, then its text. Nil on a
    /// prefix, past the text's end, or on a line that is not book text.
    func position(line index: Int, column: Int) -> (unit: Int, offset: Int)? {
        guard lines.indices.contains(index), let unit = lines[index].unit else { return nil }
        let line = lines[index]
        guard let scalar = ScreenBuffer.scalarOffset(ofColumn: column - DisplayWidth.of(line.prefix), in: line.text) else {
            return nil
        }
        return (unit, line.range.lowerBound + scalar)
    }

    /// The line that shows scalar `offset` of `unit`, if the unit is on this page. A unit's
    /// lines are consecutive and in order, so this is a search, not a walk (a window of a
    /// paragraph of megabytes has thousands of lines).
    /// Nil too when the offset is in a part of a long unit that the window does not hold.
    func line(containing offset: Int, inUnit unit: Int) -> Int? {
        guard let first = firstLine[unit] else { return nil }
        if let part = partial[unit], !part.contains(offset) { return nil }
        // Gallop to past the unit's last line at or before `offset`, then search back.
        var low = first, step = 1, high = first + 1
        while high < lines.count, lines[high].unit == unit, lines[high].range.lowerBound <= offset {
            low = high
            high += step
            step *= 2
        }
        high = min(high, lines.count)
        // lines[low] starts at or before `offset` (or is the unit's first line); find the last such.
        while low + 1 < high {
            let mid = (low + high) / 2
            if lines[mid].unit == unit && lines[mid].range.lowerBound <= offset { low = mid } else { high = mid }
        }
        return low
    }
}
