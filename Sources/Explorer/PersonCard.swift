import IskraCore
import TextUI

/// A person's card: names used, dates, role, then three lists whose rows Enter opens: where in
/// the book they appear (mentions per chapter and source), who is named with them (passages
/// shared), and every mention as a keyword-in-context line.
enum PersonCard {
    static let barGlyphs: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    /// How often a person is named on one page, and their first mention there.
    struct PageMentions: Equatable {
        var page: Page
        var count: Int
        /// Index into `PeopleIndex.mentions`.
        var firstMention: Int
    }

    /// The chapters and sources that name `person`, in book order (the title counts with the
    /// opening chapter and the sources' introduction with the first source, where they are read).
    static func pages(book: Book, person: Int) -> [PageMentions] {
        var rows: [Int: PageMentions] = [:]
        for index in book.people.mentionIndices(of: person) {
            let page = book.page(ofUnit: book.people.mentions[index].unit)
            rows[book.pageIndex(page), default: PageMentions(page: page, count: 0, firstMention: index)].count += 1
        }
        return rows.keys.sorted().map { rows[$0]! }
    }

    /// At most this many people are listed as named with someone; everyone further down shares
    /// fewer passages with them, and has them near the top of their own card.
    static let maxCompany = 12

    static func lines(book: Book, person index: Int, width: Int, readingPage: Page? = nil, evidence: Evidence? = nil,
                      dates bookDates: BookDates? = nil) -> [ReaderLine] {
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

        blank()

        // Where: a row per chapter or source naming them, with the count and a bar to compare.
        let pages = Self.pages(book: book, person: index)
        let company = people.coOccurrences(of: index)
        let counts = pages.map(\.count) + company.prefix(maxCompany).map(\.units)
        let table = Table(width: width, labelWidth: pages.map { DisplayWidth.of(label(book, $0.page)) }.max() ?? 0,
                          countWidth: String(counts.max() ?? 0).count)
        if !pages.isEmpty {
            let chapters = pages.filter { if case .chapter = $0.page { true } else { false } }.count
            let places = [chapters > 0 ? plural(chapters, "chapter") : nil,
                          pages.count > chapters ? plural(pages.count - chapters, "source") : nil].compactMap { $0 }
            text([LinePart("WHERE · " + places.joined(separator: ", ").uppercased() + " · Enter opens", .pageLabel)],
                 role: .pageLabel)
            let peak = pages.map(\.count).max() ?? 1
            for row in pages {
                lines.append(ReaderLine(role: .paragraph,
                                        parts: table.row(marker: row.page == readingPage, label: label(book, row.page),
                                                         title: book.pageTitle(row.page), count: row.count, peak: peak),
                                        target: .page(firstMention: row.firstMention)))
            }
            blank()
        }

        // Named with: the people sharing the most passages, each opening the passages shared.
        if !company.isEmpty {
            text([LinePart("NAMED WITH · PASSAGES SHARED · Enter lists them", .pageLabel)], role: .pageLabel)
            let shown = company.prefix(maxCompany)
            let peak = shown.map(\.units).max() ?? 1
            for other in shown {
                lines.append(ReaderLine(role: .paragraph,
                                        parts: table.row(marker: false, label: "", title: people.people[other.person].name,
                                                         count: other.units, peak: peak),
                                        target: .shared(with: other.person)))
            }
            if company.count > shown.count {
                let rest = company.count - shown.count, most = shown.last?.units ?? 0
                text([LinePart(" and \(rest) other\(rest == 1 ? "" : "s"), each in at most \(plural(most, "passage"))", .cardLabel)])
            }
            blank()
        }

        // Their life in the book's dates: a row a year, its first dated passage naming them,
        // with their age where the register gives a birth date.
        if let bookDates {
            let dated = bookDates.dateIndices(namingPerson: index, people: people).filter { bookDates.dates[$0].kind == .event }
            var firstOfYear: [Int: Int] = [:]
            for date in dated where firstOfYear[bookDates.dates[date].key.year] == nil { firstOfYear[bookDates.dates[date].key.year] = date }
            let years = firstOfYear.keys.sorted()
            if !years.isEmpty {
                let ages = person.bornKey != nil
                text([LinePart("IN TIME · \(plural(dated.count, "dated passage")) · t lists them on the Timeline"
                               + (ages ? ", with ages" : ""), .pageLabel)], role: .pageLabel)
                for year in years {
                    let dateIndex = firstOfYear[year]!
                    let date = bookDates.dates[dateIndex]
                    let age = person.age(at: date.key).map { "aged \($0.text)  " } ?? ""
                    let label = " \(year)  "
                    let rest = VisibleText.truncate(age + VisibleText.sanitize(date.context),
                                                    toWidth: max(4, width - DisplayWidth.of(label)))
                    lines.append(ReaderLine(role: .paragraph, parts: [LinePart(label, .kwicWhere), LinePart(rest, .cardValue)],
                                            target: .date(dateIndex)))
                }
                blank()
            }
        }

        // The sources they wrote, by the sources' metadata: what they said themselves.
        if let evidence {
            let written = evidence.catalog.entries.filter { $0.person == index }
            if !written.isEmpty {
                text([LinePart("SOURCES WRITTEN · Enter opens the card", .pageLabel)], role: .pageLabel)
                for entry in written {
                    let label = "Src \(entry.number)  "
                    let year = entry.year.map { "  " + $0 } ?? ""
                    let title = VisibleText.truncate(evidence.listTitles[entry.index],
                                                     toWidth: max(4, width - 1 - DisplayWidth.of(label) - DisplayWidth.of(year)))
                    lines.append(ReaderLine(role: .paragraph, parts: [LinePart(" " + label, .kwicWhere), LinePart(title, .cardValue),
                                                                      LinePart(year, .kwicWhere)], target: .sourceCard(entry.index)))
                }
                blank()
            }
        }

        text([LinePart("MENTIONS · Enter opens · n/N steps", .pageLabel)], role: .pageLabel)
        let columns = mentionColumns(mentions, width: width)
        for mentionIndex in people.mentionIndices(of: index) {
            lines.append(ReaderLine(role: .paragraph, target: .mention(mentionIndex), mentionColumns: columns))
        }
        if mentions.isEmpty { text([LinePart("No mentions found in this book.", .pageLabel)]) }
        return lines
    }

    /// Keywords start in one column (left context right-aligned); the right context follows
    /// each keyword directly, so punctuation stays attached ("Leon's book"). Lines of two
    /// people's passages give most of the room to the right, where the second name is.
    static func mentionColumns(_ mentions: [Mention], width: Int, pair: [Int] = []) -> MentionColumns {
        let keywordWidth = min(18, mentions.map { $0.length }.max() ?? 0)
        let whereWidth = 7
        let contextWidth = max(4, width - whereWidth - keywordWidth - 2)
        let leftWidth = pair.isEmpty ? contextWidth / 2 : contextWidth / 4
        return MentionColumns(whereWidth: whereWidth, leftWidth: leftWidth, keywordWidth: keywordWidth,
                              rightWidth: contextWidth - leftWidth, pair: pair)
    }

    /// The passages naming both `person` and `other`, from the people index's mentions: one
    /// line per passage, on the closest two mentions of them (the first as the keyword, the
    /// other highlighted after it); Enter opens the passage there.
    static func sharedLines(book: Book, person: Int, with other: Int, width: Int) -> [ReaderLine] {
        let people = book.people
        let units = people.sharedUnits(person, other)
        var lines: [ReaderLine] = []
        func text(_ parts: [LinePart], role: LineRole = .paragraph) {
            lines.append(ReaderLine(role: role, parts: parts))
        }
        text([LinePart("NAMED TOGETHER · \(plural(units.count, "passage").uppercased())", .pageLabel)], role: .pageLabel)
        let names = people.people[person].name + " and " + people.people[other].name
        for line in WordWrap.wrap(names, width: width) {
            text([LinePart(String(line.text(in: names)), .heading)], role: .heading)
        }
        text([LinePart("Passages naming both · Enter opens · h back", .cardLabel)])
        lines.append(ReaderLine(role: .blank))
        let keys = sharedKeys(book: book, person: person, with: other)
        let columns = mentionColumns(keys.map { people.mentions[$0] }, width: width, pair: [person, other])
        for key in keys {
            lines.append(ReaderLine(role: .paragraph, target: .mention(key), mentionColumns: columns))
        }
        if units.isEmpty { text([LinePart("They are never named in one passage.", .pageLabel)]) }
        return lines
    }

    /// For each passage naming both people, in book order, the first of their two closest
    /// mentions (of either): what its line shows and opens, so the other follows it in view.
    static func sharedKeys(book: Book, person: Int, with other: Int) -> [Int] {
        let people = book.people
        return people.sharedUnits(person, other).compactMap { unit in
            // A slice of the mention list, so its indices are mention indices; in order, so
            // the closest pair is two neighbours once the others' mentions are left out.
            let inUnit = people.mentions(inUnit: unit).indices.filter {
                [person, other].contains(people.mentions[$0].person)
            }
            let pairs = zip(inUnit, inUnit.dropFirst()).filter { people.mentions[$0].person != people.mentions[$1].person }
            return pairs.min { people.mentions[$0.1].offset - people.mentions[$0.0].offset
                < people.mentions[$1.1].offset - people.mentions[$1.0].offset }?.0
        }
    }

    /// "Ch 14", "Src 16": a page in a few columns, as the mention lines say where they are.
    static func label(_ book: Book, _ page: Page) -> String {
        switch page {
        case .chapter(let index): return book.document.shortChapterLabel(index)
        case .source(let index): return "Src \(book.document.sources[index].number)"
        case .person, .shared, .sourceCard: return ""
        }
    }

    /// Rows of the card's lists: a marker where the reader is, a label column, the title with a
    /// dotted leader, the count and a bar scaled to the list's largest count.
    struct Table {
        var width: Int
        var labelWidth: Int
        var countWidth: Int

        var barWidth: Int { min(10, max(3, width / 8)) }

        func row(marker: Bool, label: String, title: String, count: Int, peak: Int) -> [LinePart] {
            var parts = [LinePart(marker ? "▸" : " ", .stripMarker)]
            if labelWidth > 0 { parts.append(LinePart(pad(label, labelWidth + 1), .kwicWhere)) }
            let fixed = 1 + (labelWidth > 0 ? labelWidth + 1 : 0) + 1 + countWidth + 1 + barWidth
            let room = max(1, width - fixed)
            let name = VisibleText.truncate(title, toWidth: room - 2)
            let leader = room - DisplayWidth.of(name)
            parts.append(LinePart(name, .cardValue))
            parts.append(LinePart(leader >= 3 ? " " + String(repeating: "·", count: leader - 2) + " " : String(repeating: " ", count: leader), .cardLabel))
            let number = String(count)
            parts.append(LinePart(String(repeating: " ", count: max(0, countWidth - number.count)) + number + " ", .cardValue))
            parts.append(LinePart(Self.bar(count, peak: peak, width: barWidth), .strip))
            return parts
        }

        /// `count` of `peak` as a bar of eighths of a cell, never empty for a count above 0.
        static func bar(_ count: Int, peak: Int, width: Int) -> String {
            let eighths = max(count > 0 ? 1 : 0, count * width * 8 / max(1, peak))
            var bar = String(repeating: "█", count: eighths / 8)
            if eighths % 8 > 0 { bar.append(PersonCard.barGlyphs[eighths % 8 - 1]) }
            return bar
        }
    }

    /// A mention line's parts: where it is, then the keyword in its context.
    /// On a page of two people's passages, the other one's mentions are highlighted too (and
    /// reached for across a long gap, so both names show).
    static func mentionParts(book: Book, mention mentionIndex: Int, columns: MentionColumns) -> [LinePart] {
        let mention = book.people.mentions[mentionIndex]
        let marks = book.people.mentions(inUnit: mention.unit)
            .filter { $0.person != mention.person && columns.pair.contains($0.person) }
            .map { $0.offset ..< ($0.offset + $0.length) }
        let kwic = KeywordInContext(book: book, unit: mention.unit, offset: mention.offset, length: mention.length,
                                    leftWidth: columns.leftWidth,
                                    rightWidth: columns.rightWidth + columns.keywordWidth - min(columns.keywordWidth, mention.length),
                                    marks: marks)
        func parts(_ pieces: [KeywordInContext.Piece]) -> [LinePart] {
            pieces.map { LinePart($0.text, $0.marked ? .kwicKeyword : .paragraph) }
        }
        return [LinePart(pad(book.shortLabel(ofUnit: mention.unit), columns.whereWidth), .kwicWhere)]
            + parts(kwic.leftPieces) + [LinePart(kwic.keyword, .kwicKeyword)] + parts(kwic.rightPieces)
    }

    /// A labelled field, its value wrapped beside the label; `target`: what choosing its first line opens.
    static func wrapField(_ label: String, _ value: String, width: Int, into lines: inout [ReaderLine],
                          target: LineTarget? = nil) {
        let wrapped = WordWrap.wrap(value, width: max(1, width - 12))
        for (i, line) in wrapped.enumerated() {
            lines.append(ReaderLine(role: .paragraph, parts: [
                LinePart(pad(i == 0 ? label : "", 12), .cardLabel), LinePart(String(line.text(in: value)), .cardValue),
            ], target: i == 0 ? target : nil))
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        let visible = VisibleText.truncate(text, toWidth: width - 1)
        return visible + String(repeating: " ", count: max(0, width - DisplayWidth.of(visible)))
    }
}

/// A keyword with its left context right-aligned and its right context left-aligned, each cut
/// to a width in columns, so keywords line up in a column (as in AntConc's KWIC view). Other
/// stretches of the text (`marks`: more hits, another name) are kept apart in the contexts so
/// they can be styled like the keyword.
struct KeywordInContext {
    /// A piece of a context, and whether it lies in one of the marks.
    struct Piece: Equatable {
        var text: String
        var marked: Bool
    }

    var leftPieces: [Piece]
    var keyword: String
    var rightPieces: [Piece]

    var left: String { leftPieces.map(\.text).joined() }
    var right: String { rightPieces.map(\.text).joined() }

    /// The keyword at scalar `offset` of unit `unit`: the window around it is found from the
    /// nearest piece of a long unit, not by walking the text from its start.
    init(book: Book, unit: Int, offset: Int, length: Int, leftWidth: Int, rightWidth: Int, marks: [Range<Int>] = []) {
        self.init(text: book.units[unit].text, offset: offset, length: length, leftWidth: leftWidth,
                  rightWidth: rightWidth, marks: marks, index: { book.index(ofScalar: $0, inUnit: unit) })
    }

    /// `marks`: scalar ranges of `text`, in any order. `index`: the String.Index of a scalar
    /// offset (walked from the start when not given).
    init(text: String, offset: Int, length: Int, leftWidth: Int, rightWidth: Int, marks: [Range<Int>] = [],
         index: ((Int) -> String.Index)? = nil) {
        // Only a window around the keyword is decoded: paragraphs can be thousands of scalars
        // long and a results screen has dozens of these lines per keystroke.
        let view = text.unicodeScalars
        let windowStart = max(0, offset - max(0, leftWidth) - 2)
        // Marks after the keyword are reached by eliding long gaps: the window reaches the
        // last of them (within reason), then as much again as the right context could show.
        // The keyword itself is cut to what could show.
        let shownLength = min(max(0, length), max(0, rightWidth) * 2 + 10)
        let reach = min(marks.filter { $0.lowerBound >= offset + length }.map(\.upperBound).max() ?? 0,
                        offset + length + Self.markReach)
        let windowLength = max(offset + shownLength, reach) - windowStart + max(0, rightWidth) * 2 + 10
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
        // Marks in window positions.
        let marked = marks.map { ($0.lowerBound - windowStart) ..< ($0.upperBound - windowStart) }
            .filter { !$0.isEmpty && $0.upperBound > 0 && $0.lowerBound < scalars.count }
        /// The window's scalars `range`, cut where marks begin and end.
        func pieces(_ range: Range<Int>) -> [Piece] {
            var cuts = [range.lowerBound, range.upperBound]
            for mark in marked {
                if range.contains(mark.lowerBound) { cuts.append(mark.lowerBound) }
                if range.contains(mark.upperBound) { cuts.append(mark.upperBound) }
            }
            cuts = Array(Set(cuts)).sorted()
            var result: [Piece] = []
            for (from, to) in zip(cuts, cuts.dropFirst()) where from < to {
                let text = VisibleText.sanitize(text[positions[from]..<positions[to]])
                result.append(Piece(text: text, marked: marked.contains { $0.contains(from) }))
            }
            return result
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
        var left = pieces(from..<start)
        if from > 0 || windowStart > 0 && from == 0 && start > 0 { left.insert(Piece(text: "…", marked: false), at: 0) }
        // Too narrow for even the ellipsis: drop it and the character after it.
        var leftUsed = left.reduce(0) { $0 + DisplayWidth.of($1.text) }
        if leftUsed > leftWidth {
            var characters = 2
            while characters > 0, !left.isEmpty {
                left[0].text.removeFirst()
                if left[0].text.isEmpty { left.removeFirst() }
                characters -= 1
            }
            leftUsed = left.reduce(0) { $0 + DisplayWidth.of($1.text) }
        }
        leftPieces = [Piece(text: String(repeating: " ", count: max(0, leftWidth - leftUsed)), marked: false)] + left
        keyword = VisibleText.sanitize(text[positions[start]..<positions[end]])
        // The right context runs on to the marks after the keyword, a long gap between two of
        // them shortened to its first and last words, until the columns are full.
        var right: [Piece] = []
        var position = end
        var rightUsed = 0
        for mark in marked.sorted(by: { $0.lowerBound < $1.lowerBound })
        where mark.lowerBound >= position && mark.upperBound <= scalars.count {
            let gap = position ..< mark.lowerBound
            let gapWidth = scalars[gap].reduce(0) { $0 + DisplayWidth.of($1) }
            // The gap whole when short, else cut to its first and last words, or only its first
            // (narrow contexts keep fewer words): the first of these that lets the mark show
            // whole, with room for a … after it.
            var gaps: [[Piece]] = gapWidth <= Self.longGap ? [pieces(gap)] : []
            let head = Self.head(of: gap, in: scalars, columns: min(10, max(0, (rightWidth - 20) / 2)))
            let tail = Self.tail(of: gap, in: scalars, columns: min(12, max(4, rightWidth / 3)))
            if head.upperBound < tail.lowerBound {
                gaps.append(pieces(head) + [Piece(text: " … ", marked: false)] + pieces(tail))
                gaps.append(pieces(head) + [Piece(text: " … ", marked: false)])
            }
            let markPieces = pieces(mark)
            func width(_ pieces: [Piece]) -> Int { pieces.reduce(0) { $0 + DisplayWidth.of($1.text) } }
            guard let fitting = gaps.first(where: { rightUsed + width($0) + width(markPieces) < rightWidth }) else { break }
            let next = fitting + markPieces
            let nextWidth = width(next)
            right += next
            rightUsed += nextWidth
            position = mark.upperBound
        }
        // Only as much of the rest as could fit (each scalar is at least a column, or joins one).
        let rightEnd = min(scalars.count, position + max(0, rightWidth - rightUsed) * 2 + 8)
        let more = rightEnd < scalars.count || textContinues
        rightPieces = Self.truncate(right + pieces(position..<rightEnd) + (more ? [Piece(text: "…", marked: false)] : []),
                                    toWidth: rightWidth)
    }

    /// Marks further than this (in scalars) after the keyword are not reached for.
    static let markReach = 2000
    /// Gaps between marks wider than this (in columns) are shortened.
    static let longGap = 24

    /// The first words of a gap, in at most `columns` after the rest of the word it starts in
    /// (a hit can be the start of a word: `kron` in Kronstadt).
    static func head(of gap: Range<Int>, in scalars: [Unicode.Scalar], columns: Int) -> Range<Int> {
        var end = gap.lowerBound
        while end < gap.upperBound && scalars[end] != " " { end += 1 }
        let wordEnd = end
        var used = 0
        var lastSpace: Int?
        while end < gap.upperBound, used + DisplayWidth.of(scalars[end]) <= columns {
            if scalars[end] == " " && used > 0 { lastSpace = end }
            used += DisplayWidth.of(scalars[end])
            end += 1
        }
        return gap.lowerBound ..< (end < gap.upperBound && scalars[end] != " " ? lastSpace ?? wordEnd : end)
    }

    /// The last words of a gap, in at most `columns`.
    static func tail(of gap: Range<Int>, in scalars: [Unicode.Scalar], columns: Int) -> Range<Int> {
        var start = gap.upperBound
        var used = 0
        var firstSpace: Int?
        while start > gap.lowerBound, used + DisplayWidth.of(scalars[start - 1]) <= columns {
            if scalars[start - 1] == " " && start < gap.upperBound { firstSpace = start }
            used += DisplayWidth.of(scalars[start - 1])
            start -= 1
        }
        return (start > gap.lowerBound && scalars[start - 1] != " " ? firstSpace ?? gap.upperBound : start) ..< gap.upperBound
    }

    /// Pieces cut to `width` columns, ending in an unmarked … when anything was cut.
    static func truncate(_ pieces: [Piece], toWidth width: Int) -> [Piece] {
        guard width > 0 else { return [] }
        if pieces.reduce(0, { $0 + DisplayWidth.of($1.text) }) <= width { return pieces }
        var room = width - 1
        var result: [Piece] = []
        for piece in pieces {
            let pieceWidth = DisplayWidth.of(piece.text)
            if pieceWidth <= room {
                result.append(piece)
                room -= pieceWidth
                continue
            }
            let kept = VisibleText.truncate(piece.text, toWidth: room, ellipsis: "")
            if !kept.isEmpty { result.append(Piece(text: kept, marked: piece.marked)) }
            break
        }
        return result + [Piece(text: "…", marked: false)]
    }
}

/// "1879-11-07" -> "7 Nov 1879"; a bare year or anything else is shown as it is.
func readableDate(_ date: String) -> String { DateKey.parse(iso: date)?.short ?? date }
