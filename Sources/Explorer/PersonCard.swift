import IskraCore
import TextUI

/// A person's card: names used, dates, role, how often and where in the book they appear (a
/// dispersion strip with chapter ticks), who is named with them, then every mention as a
/// keyword-in-context line.
enum PersonCard {
    static let densityGlyphs: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func lines(book: Book, person index: Int, width: Int, currentLine: Int? = nil) -> [ReaderLine] {
        let people = book.people
        let person = people.people[index]
        let mentions = people.mentions(of: index)
        var lines: [ReaderLine] = []
        func text(_ parts: [LinePart], role: LineRole = .paragraph) {
            lines.append(ReaderLine(role: role, parts: parts))
        }
        func blank() { lines.append(ReaderLine(role: .blank)) }

        text([LinePart("PERSON · \(mentions.count) MENTION\(mentions.count == 1 ? "" : "S")"
                       + (person.verified ? "" : " · UNVERIFIED (no register)"), .pageLabel)], role: .pageLabel)
        text([LinePart(person.name, .heading)], role: .heading)
        let dates = [person.born, person.died].contains { $0 != nil }
            ? "\(person.born.map(readableDate) ?? "?") – \(person.died.map(readableDate) ?? "")" : nil
        let facts = [dates, person.role].compactMap { $0 }
        for line in WordWrap.wrap(facts.joined(separator: " · "), width: width) where !facts.isEmpty {
            text([LinePart(String(line.text(in: facts.joined(separator: " · "))), .cardValue)])
        }
        blank()

        // Forms as the text uses them, most used first. Mentions are in book order, so each
        // paragraph's text is walked once however many mentions it holds.
        var formCounts: [String: Int] = [:]
        var formOrder: [String] = []
        var walkUnit = -1
        var walkIndex = "".unicodeScalars.startIndex
        var walkOffset = 0
        for mention in mentions {
            let scalars = book.units[mention.unit].text.unicodeScalars
            if mention.unit != walkUnit || mention.offset < walkOffset || mention.offset - walkOffset > TextPieces.pieceScalars {
                // A new paragraph, or far on in a long one: start from the nearest piece.
                walkUnit = mention.unit
                walkIndex = book.index(ofScalar: mention.offset, inUnit: mention.unit)
                walkOffset = mention.offset
            }
            walkIndex = scalars.index(walkIndex, offsetBy: mention.offset - walkOffset, limitedBy: scalars.endIndex) ?? scalars.endIndex
            walkOffset = mention.offset
            let end = scalars.index(walkIndex, offsetBy: mention.length, limitedBy: scalars.endIndex) ?? scalars.endIndex
            let form = String(scalars[walkIndex..<end])
            if formCounts[form] == nil { formOrder.append(form) }
            formCounts[form, default: 0] += 1
        }
        formOrder.sort { formCounts[$0]! != formCounts[$1]! ? formCounts[$0]! > formCounts[$1]! : $0 < $1 }
        let names = formOrder.map { "\($0) (\(formCounts[$0]!))" }.joined(separator: ", ")
        wrapField("Names used", names.isEmpty ? "none in the text" : names, width: width, into: &lines)

        // Where in the book: one cell per stretch of lines, darker where mentions are denser.
        let stripWidth = max(1, width - 12)
        let total = max(1, book.document.lineCount)
        var density = [Int](repeating: 0, count: stripWidth)
        for mention in mentions {
            let line = book.units[mention.unit].paragraph.position(ofScalarOffset: mention.offset).line
            density[min(stripWidth - 1, (line - 1) * stripWidth / total)] += 1
        }
        let peak = max(1, density.max() ?? 1)
        let strip = String(density.map { count in
            count == 0 ? "·" : densityGlyphs[min(8, 1 + (count - 1) * 8 / peak)]
        })
        text([LinePart(pad("Where", 12), .cardLabel), LinePart(strip, .strip)])
        var axis = [Character](repeating: " ", count: stripWidth)
        for chapter in book.document.chapters {
            axis[min(stripWidth - 1, (chapter.line - 1) * stripWidth / total)] = "╵"
        }
        if let first = book.document.sources.first {
            axis[min(stripWidth - 1, (first.line - 1) * stripWidth / total)] = "S"
        }
        var axisParts = [LinePart(pad("", 12), .cardLabel)]
        if let currentLine {
            let marker = min(stripWidth - 1, (currentLine - 1) * stripWidth / total)
            axisParts.append(LinePart(String(axis[..<marker]), .strip))
            axisParts.append(LinePart("▲", .stripMarker))
            axisParts.append(LinePart(String(axis[(marker + 1)...]), .strip))
        } else {
            axisParts.append(LinePart(String(axis), .strip))
        }
        text(axisParts)
        text([LinePart(pad("", 12), .cardLabel),
              LinePart("╵ chapters · S sources" + (currentLine == nil ? "" : " · ▲ you"), .pageLabel)])

        let company = people.coOccurrences(of: index).prefix(8)
            .map { "\(people.people[$0.person].name) (\($0.units))" }.joined(separator: ", ")
        wrapField("Named with", company.isEmpty ? "nobody else" : company, width: width, into: &lines)
        blank()

        text([LinePart("MENTIONS · Enter opens · n/N steps", .pageLabel)], role: .pageLabel)
        // Keywords start in one column (left context right-aligned); the right context follows
        // each keyword directly, so punctuation stays attached ("Leon's book").
        let keywordWidth = min(18, mentions.map { $0.length }.max() ?? 0)
        let whereWidth = 7
        let contextWidth = max(4, width - whereWidth - keywordWidth - 2)
        let columns = MentionColumns(whereWidth: whereWidth, leftWidth: contextWidth / 2, keywordWidth: keywordWidth,
                                     rightWidth: contextWidth - contextWidth / 2)
        for mentionIndex in people.mentionIndices(of: index) {
            lines.append(ReaderLine(role: .paragraph, target: .mention(mentionIndex), mentionColumns: columns))
        }
        if mentions.isEmpty { text([LinePart("No mentions found in this book.", .pageLabel)]) }
        return lines
    }

    /// A mention line's parts: where it is, then the keyword in its context.
    static func mentionParts(book: Book, mention mentionIndex: Int, columns: MentionColumns) -> [LinePart] {
        let mention = book.people.mentions[mentionIndex]
        let kwic = KeywordInContext(book: book, unit: mention.unit, offset: mention.offset, length: mention.length,
                                    leftWidth: columns.leftWidth,
                                    rightWidth: columns.rightWidth + columns.keywordWidth - min(columns.keywordWidth, mention.length))
        return [
            LinePart(pad(book.shortLabel(ofUnit: mention.unit), columns.whereWidth), .kwicWhere),
            LinePart(kwic.left, .paragraph),
            LinePart(kwic.keyword, .kwicKeyword),
            LinePart(kwic.right, .paragraph),
        ]
    }

    private static func wrapField(_ label: String, _ value: String, width: Int, into lines: inout [ReaderLine]) {
        let wrapped = WordWrap.wrap(value, width: max(1, width - 12))
        for (i, line) in wrapped.enumerated() {
            lines.append(ReaderLine(role: .paragraph, parts: [
                LinePart(pad(i == 0 ? label : "", 12), .cardLabel), LinePart(String(line.text(in: value)), .cardValue),
            ]))
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        let visible = VisibleText.truncate(text, toWidth: width - 1)
        return visible + String(repeating: " ", count: max(0, width - DisplayWidth.of(visible)))
    }
}

/// A keyword with its left context right-aligned and its right context left-aligned, each cut
/// to a width in columns, so keywords line up in a column (as in AntConc's KWIC view).
struct KeywordInContext {
    var left: String
    var keyword: String
    var right: String

    /// The keyword at scalar `offset` of unit `unit`: the window around it is found from the
    /// nearest piece of a long unit, not by walking the text from its start.
    init(book: Book, unit: Int, offset: Int, length: Int, leftWidth: Int, rightWidth: Int) {
        self.init(text: book.units[unit].text, offset: offset, length: length, leftWidth: leftWidth,
                  rightWidth: rightWidth, index: { book.index(ofScalar: $0, inUnit: unit) })
    }

    /// `index`: the String.Index of a scalar offset (walked from the start when not given).
    init(text: String, offset: Int, length: Int, leftWidth: Int, rightWidth: Int,
         index: ((Int) -> String.Index)? = nil) {
        // Only a window around the keyword is decoded: paragraphs can be thousands of scalars
        // long and a results screen has dozens of these lines per keystroke.
        let view = text.unicodeScalars
        let windowStart = max(0, offset - max(0, leftWidth) - 2)
        // The keyword itself is cut to what could show.
        let windowLength = offset - windowStart + min(max(0, length), max(0, rightWidth) * 2 + 10) + max(0, rightWidth) * 2 + 10
        let lower = index?(windowStart)
            ?? view.index(view.startIndex, offsetBy: windowStart, limitedBy: view.endIndex) ?? view.endIndex
        let upper = view.index(lower, offsetBy: windowLength, limitedBy: view.endIndex) ?? view.endIndex
        // The window's scalars and where each starts, so pieces are sliced from the text itself.
        var scalars: [Unicode.Scalar] = []
        var positions: [String.Index] = []
        scalars.reserveCapacity(windowLength)
        positions.reserveCapacity(windowLength + 1)
        var cursor = lower
        while cursor < upper {
            positions.append(cursor)
            scalars.append(view[cursor])
            cursor = view.index(after: cursor)
        }
        positions.append(upper)
        let textContinues = upper < view.endIndex
        let start = min(max(0, offset - windowStart), scalars.count)
        let end = min(scalars.count, start + max(0, length))
        func string(_ range: Range<Int>) -> String {
            VisibleText.sanitize(text[positions[range.lowerBound]..<positions[range.upperBound]])
        }
        // Walk back from the keyword until the left context fills its columns.
        var from = start
        var used = 0
        while from > 0 {
            let width = DisplayWidth.of(scalars[from - 1])
            if used + width > leftWidth - 1 { break }
            used += width
            from -= 1
        }
        var leftText = string(from..<start)
        if from > 0 || windowStart > 0 && from == 0 && start > 0 { leftText = "…" + leftText }
        if DisplayWidth.of(leftText) > leftWidth { leftText = String(leftText.dropFirst(2)) }
        left = String(repeating: " ", count: max(0, leftWidth - DisplayWidth.of(leftText))) + leftText
        keyword = string(start..<end)
        // Only as much of the rest as could fit (each scalar is at least a column, or joins one).
        let rightEnd = min(scalars.count, end + max(0, rightWidth) * 2 + 8)
        let more = rightEnd < scalars.count || textContinues
        right = VisibleText.truncate(string(end..<rightEnd) + (more ? "…" : ""), toWidth: rightWidth)
    }
}

/// "1879-11-07" -> "7 Nov 1879"; a bare year or anything else is shown as it is.
func readableDate(_ date: String) -> String {
    let parts = date.split(separator: "-")
    guard parts.count == 3, let month = Int(parts[1]), (1...12).contains(month), let day = Int(parts[2]) else { return date }
    let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return "\(day) \(names[month - 1]) \(parts[0])"
}
