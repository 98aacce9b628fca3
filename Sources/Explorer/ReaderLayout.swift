import IskraCore
import TextUI

/// What a reader line is, which decides how it is styled.
public enum LineRole: Hashable, Sendable {
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
}

/// What choosing a reader line (Enter, or a click) leads to.
public enum LineTarget: Hashable, Sendable {
    /// Index into `PeopleIndex.mentions`.
    case mention(Int)
    case person(Int)
    /// A row of a card's "Where" list: the chapter or source of this mention (the person's
    /// first there), opened at it.
    case page(firstMention: Int)
    /// A row of a card's "Named with" list: the passages naming both the card's person and this one.
    case shared(with: Int)
}

/// A piece of a line that is not book text (labels, field separators).
public struct LinePart: Hashable, Sendable {
    public var text: String
    public var role: LineRole
    public init(_ text: String, _ role: LineRole) {
        self.text = text
        self.role = role
    }
}

public struct ReaderLine: Hashable, Sendable {
    public var role: LineRole
    /// The text unit this line shows part of; nil for labels and blank lines.
    public var unit: Int?
    /// Scalar offsets of `text` within the unit's text.
    public var range: Range<Int>
    public var text: String
    /// Drawn before the text: a marker on the first line, indentation on the following ones.
    public var prefix: String
    /// Lines that are not book text are made of parts.
    public var parts: [LinePart]
    /// Set on lines that can be chosen.
    public var target: LineTarget?
    /// On a person's card, a mention line: its keyword-in-context parts are made when the line
    /// is drawn (a card can list tens of thousands of mentions).
    public var mentionColumns: MentionColumns?

    public init(role: LineRole, unit: Int? = nil, range: Range<Int> = 0..<0, text: String = "",
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
public struct MentionColumns: Hashable, Sendable {
    public var whereWidth: Int
    public var leftWidth: Int
    public var keywordWidth: Int
    public var rightWidth: Int
    /// On a page of passages shared by two people, the two: in each line, the name of the one
    /// who is not the keyword is highlighted in the context too.
    public var pair: [Int] = []
}

/// The text at the top of the reader: a unit and an offset in it, plus how many lines above
/// that unit line the top is (labels and blank lines have no unit of their own).
public struct ReaderAnchor: Hashable, Sendable {
    public var unit: Int?
    public var offset: Int
    public var linesBefore: Int

    public init(unit: Int?, offset: Int, linesBefore: Int) {
        self.unit = unit
        self.offset = offset
        self.linesBefore = linesBefore
    }

    public static let top = ReaderAnchor(unit: nil, offset: 0, linesBefore: 0)
}

/// A page wrapped to a width: the lines the reader scrolls through.
public struct ReaderLayout: Sendable {
    public let page: Page
    public let width: Int
    public private(set) var lines: [ReaderLine] = []
    /// First line of each unit on the page.
    public private(set) var firstLine: [Int: Int] = [:]

    static let imageMarker = "[image] "
    static let altMarker = "alt: "
    static let quoteMarker = "│ "

    /// The page's body units (a chapter's or source's own units, by id).
    public private(set) var body: Range<Int> = 0..<0
    /// The body units laid out: all of them, or for a very long page a window around the
    /// reading position, so that opening and scrolling it never wraps megabytes at once.
    public private(set) var window: Range<Int> = 0..<0

    /// Pages with more body units than this are laid out a window at a time.
    public static let windowUnits = 240

    public var isWindowed: Bool { window != body }
    public var windowAtStart: Bool { window.lowerBound <= body.lowerBound }
    public var windowAtEnd: Bool { window.upperBound >= body.upperBound }

    /// `around`: a unit the window should contain (a long page only); nil for the start.
    /// `readingPage`: the chapter or source read last, marked on a person's card.
    public init(book: Book, page: Page, width: Int, readingPage: Page? = nil, around: Int? = nil, atEnd: Bool = false) {
        self.page = page
        self.width = max(1, width)
        guard book.isValid(page) else { return }
        switch page {
        case .chapter(let index): body = book.chapterUnits[index]
        case .source(let index): body = book.sourceUnits[index]
        case .person, .shared: body = 0..<0
        }
        window = Self.window(body: body, around: around, atEnd: atEnd)
        switch page {
        case .chapter(let index): layOutChapter(book, index)
        case .source(let index): layOutSource(book, index)
        case .person(let index): lines = PersonCard.lines(book: book, person: index, width: self.width, readingPage: readingPage)
        case .shared(let index, let other): lines = PersonCard.sharedLines(book: book, person: index, with: other, width: self.width)
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

    private mutating func layOutChapter(_ book: Book, _ index: Int) {
        let chapter = book.document.chapters[index]
        let range = window
        if !windowAtStart { lines.append(continuationLine) }
        if windowAtStart { lines.append(ReaderLine(role: .pageLabel, parts: [LinePart("CHAPTER \(index + 1) OF \(book.document.chapters.count)", .pageLabel)])) }
        if chapter.heading == nil && windowAtStart {
            // The untitled opening is headed by the book's title.
            if let title = book.units.first(where: { $0.kind == .title }) {
                add(unit: title, role: .heading)
            } else {
                lines.append(ReaderLine(role: .heading, parts: [LinePart("Opening", .heading)]))
            }
        }
        var previousKind: TextUnitKind?
        for id in range {
            let unit = book.units[id]
            switch unit.kind {
            case .heading:
                add(unit: unit, role: .heading)
                blank()
            case .paragraph:
                if previousKind == nil { blank() }
                add(unit: unit, role: .paragraph)
                blank()
            case .figureAlt:
                if previousKind == nil { blank() }
                let caption = id + 1 < range.upperBound && book.units[id + 1].kind == .figureCaption ? book.units[id + 1] : nil
                if let caption {
                    add(unit: caption, role: .caption, first: Self.imageMarker, rest: Self.indent(Self.imageMarker))
                    if Self.normalized(caption.text) != Self.normalized(unit.text) {
                        add(unit: unit, role: .altText, first: Self.indent(Self.imageMarker) + Self.altMarker,
                            rest: Self.indent(Self.imageMarker + Self.altMarker))
                    }
                } else {
                    add(unit: unit, role: .caption, first: Self.imageMarker, rest: Self.indent(Self.imageMarker))
                }
                blank()
            case .figureCaption:
                break // drawn with its alt text
            case .title, .sourcesHeading, .sourceHeader:
                add(unit: unit, role: .paragraph)
                blank()
            }
            previousKind = unit.kind
        }
    }

    private mutating func layOutSource(_ book: Book, _ index: Int) {
        let number = book.document.sources[index].number
        if !windowAtStart { lines.append(continuationLine) }
        if index == 0 && windowAtStart {
            for id in book.sourcesIntroUnits {
                let unit = book.units[id]
                add(unit: unit, role: unit.kind == .sourcesHeading ? .heading : .paragraph)
                blank()
            }
        }
        if windowAtStart {
            lines.append(ReaderLine(role: .pageLabel, parts: [LinePart("SOURCE \(index + 1) OF \(book.document.sources.count)", .pageLabel)]))
        }
        for id in window {
            let unit = book.units[id]
            switch unit.kind {
            case .sourceHeader:
                add(unit: unit, role: .sourceHeader, first: "(\(number)) ", rest: Self.indent("(\(number)) "))
                blank()
            default:
                add(unit: unit, role: .quotation, first: Self.quoteMarker, rest: Self.quoteMarker)
                blank()
            }
        }
    }

    /// Indices of lines that can be chosen, in order (computed once; cards have hundreds).
    public private(set) var selectableLines: [Int] = []

    private var continuationLine: ReaderLine {
        ReaderLine(role: .pageLabel, parts: [LinePart("… (a long page: earlier text above)", .pageLabel)])
    }

    private mutating func blank() {
        if lines.last?.role != .blank { lines.append(ReaderLine(role: .blank)) }
    }

    private mutating func add(unit: TextUnit, role: LineRole, first: String = "", rest: String = "") {
        let prefixWidth = max(DisplayWidth.of(first), DisplayWidth.of(rest))
        let wrapped = WordWrap.wrap(unit.text, width: max(1, width - prefixWidth))
        if firstLine[unit.id] == nil { firstLine[unit.id] = lines.count }
        for (i, line) in wrapped.enumerated() {
            lines.append(ReaderLine(role: role, unit: unit.id, range: line.start..<line.end,
                                    text: String(line.text(in: unit.text)), prefix: i == 0 ? first : rest))
        }
    }

    static func indent(_ marker: String) -> String { String(repeating: " ", count: DisplayWidth.of(marker)) }

    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    // MARK: Anchors

    public func anchor(forLine index: Int) -> ReaderAnchor {
        var line = max(0, index)
        while line < lines.count, lines[line].unit == nil { line += 1 }
        guard line < lines.count, let unit = lines[line].unit else {
            return ReaderAnchor(unit: nil, offset: 0, linesBefore: max(0, index))
        }
        return ReaderAnchor(unit: unit, offset: lines[line].range.lowerBound, linesBefore: line - max(0, index))
    }

    /// The line index that shows the anchored text, in this layout.
    public func line(for anchor: ReaderAnchor) -> Int {
        guard let unit = anchor.unit else { return min(anchor.linesBefore, max(0, lines.count - 1)) }
        guard let start = line(containing: anchor.offset, inUnit: unit) else { return 0 }
        return max(0, start - anchor.linesBefore)
    }

    /// The unit and scalar offset shown at `column` of line `index`, counting columns from the
    /// reader's text column as the reader draws the line: its prefix, then its text. Nil on a
    /// prefix, past the text's end, or on a line that is not book text.
    public func position(line index: Int, column: Int) -> (unit: Int, offset: Int)? {
        guard lines.indices.contains(index), let unit = lines[index].unit else { return nil }
        let line = lines[index]
        guard let scalar = ScreenBuffer.scalarOffset(ofColumn: column - DisplayWidth.of(line.prefix), in: line.text) else {
            return nil
        }
        return (unit, line.range.lowerBound + scalar)
    }

    /// The line that shows scalar `offset` of `unit`, if the unit is on this page.
    public func line(containing offset: Int, inUnit unit: Int) -> Int? {
        guard var index = firstLine[unit] else { return nil }
        var best = index
        while index < lines.count, lines[index].unit == unit {
            if lines[index].range.lowerBound <= offset { best = index }
            index += 1
        }
        return best
    }
}
