import IskraCore
import Testing
import TextUI
@testable import Explorer

/// A book without line breaks is one paragraph of megabytes: the reader lays out a stretch of it
/// at a time, and every scalar of it is still shown, once, in order.
@Suite("A paragraph of megabytes")
struct HugeParagraphTests {
    /// About 400 KB of the bundled book's words on one line (non-ASCII included), as the only
    /// paragraph of the only chapter.
    static let text: String = {
        let words = String(decoding: try! BookFile.readBytes(path: Fixtures.root + "/Content/leon-trotsky.txt"), as: UTF8.self)
            .split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " ")
        return words + " " + words
    }()
    static let book = Book(document: Parser.parse(text: text, path: "one-line.txt"), register: nil)
    static let search = BookSearch(book: book)

    func state(_ width: Int = 100, _ height: Int = 30) -> AppState {
        AppState(book: Self.book, size: Size(width: width, height: height), search: Self.search)
    }

    @Test func onlyAStretchIsLaidOut() {
        let state = state()
        let book = Self.book
        #expect(book.units.count == 1)
        #expect(book.pieceCount(ofUnit: 0) > ReaderLayout.windowUnits)
        #expect(state.reader.isWindowed)
        #expect(state.reader.pieceWindow.count == ReaderLayout.windowUnits)
        #expect(state.reader.window == 0..<1)
        // About 240 pieces of 1024 scalars at 98 columns, not the whole paragraph.
        #expect(state.reader.lines.count < 4000)
        #expect(readerPosition(state) == "Top")
        // The lines are the text itself, in order, from its start.
        let shown = state.reader.lines.filter { $0.unit == 0 }
        #expect(shown.first?.range.lowerBound == 0)
        let scalars = Array(Self.text.unicodeScalars)
        for line in shown {
            #expect(line.text == String(String.UnicodeScalarView(scalars[line.range])))
        }
    }

    /// Every scalar that is not a space at a line break is on exactly one line, in order.
    func expectContiguous(_ ranges: [Range<Int>], from start: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let scalars = Array(Self.text.unicodeScalars)
        var at = start
        for range in ranges {
            #expect(range.lowerBound >= at, "line at \(range) goes back before \(at)", sourceLocation: sourceLocation)
            // Only spaces between one line and the next.
            for i in at ..< max(at, range.lowerBound) where scalars[i] != " " {
                Issue.record("scalar \(i) is on no line", sourceLocation: sourceLocation)
                return
            }
            at = max(at, range.upperBound)
        }
    }

    @Test func scrollingThroughShowsEveryScalarOnceAndInOrder() {
        var state = state()
        send(&state, .tab)
        var seen: [Range<Int>] = []
        var last = -1
        for _ in 0 ..< 5000 {
            let top = state.readerTop
            for line in state.reader.lines[top ..< min(state.reader.lines.count, top + state.readerHeight)] where line.unit == 0 {
                if line.range.lowerBound > last {
                    seen.append(line.range)
                    last = line.range.lowerBound
                }
            }
            if state.reader.windowAtEnd && state.readerTop >= state.maxReaderTop { break }
            send(&state, .pageDown)
        }
        #expect(seen.last?.upperBound == Self.book.scalarCount(ofUnit: 0))
        expectContiguous(seen, from: 0)
        #expect(readerPosition(state) == "Bot")
    }

    @Test func endsAndMiddleByKeysSearchAndResize() throws {
        var state = state()
        send(&state, .tab, .character("G"))
        #expect(state.reader.windowAtEnd)
        #expect(state.reader.lines.last(where: { $0.unit == 0 })?.range.upperBound == Self.book.scalarCount(ofUnit: 0))
        send(&state, .character("g"))
        #expect(state.reader.windowAtStart && state.readerTop == 0)
        // A hit in the middle of the paragraph: the window moves there and shows it.
        send(&state, .character("/"))
        for key in typed("\"kronstadt uprising") { send(&state, key) }
        let results = try #require(state.search?.results)
        #expect(results.count >= 2)
        #expect(state.search?.people.isEmpty == true)
        send(&state, .enter)
        #expect(state.activeResults != nil)
        // n goes on to the hits below the screen in this one passage (the whole book), each
        // further down than the last.
        let half = Self.book.scalarCount(ofUnit: 0) / 2
        var previous = -1
        // On until past the middle and past the stretch first laid out.
        for _ in 0 ..< results.count
        where (state.focusSpan?.range.lowerBound ?? 0) <= half || state.reader.line(containing: 5, inUnit: 0) != nil {
            send(&state, .character("n"))
            let now = try #require(state.focusSpan).range.lowerBound
            #expect(now > previous)
            previous = now
        }
        let focus = try #require(state.focusSpan)
        #expect(focus.range.lowerBound > Self.book.scalarCount(ofUnit: 0) / 2)
        #expect(state.reader.covers(unit: 0, offset: focus.range.lowerBound, in: Self.book))
        let line = try #require(state.reader.line(containing: focus.range.lowerBound, inUnit: 0))
        #expect(line >= state.readerTop && line < state.readerTop + state.readerHeight)
        #expect(state.reader.lines[line].range.contains(focus.range.lowerBound))
        let position = readerPosition(state)
        #expect(position.hasSuffix("%") && position != "0%")
        // A line outside the stretch laid out is not claimed to be on screen.
        #expect(state.reader.line(containing: 5, inUnit: 0) == nil)
        // Resizing keeps the text at the top.
        let top = state.readerAnchor
        _ = reduce(&state, .input(.resize(Size(width: 60, height: 15))))
        _ = reduce(&state, .input(.resize(Size(width: 100, height: 30))))
        #expect(state.readerAnchor.unit == 0)
        #expect(abs(state.readerAnchor.offset - top.offset) < 100)
        // Highlights on screen are the hits there.
        let visible = state.reader.lines[state.readerTop ..< state.readerTop + state.readerHeight].filter { $0.unit == 0 }
        let range = visible.first!.range.lowerBound ..< visible.last!.range.upperBound
        // (Every hit of the passage stepped to is styled current: here, the whole book's.)
        let marked = Set(overlays(state, unit: 0, range: range).filter { $0.role == .hit || $0.role == .currentHit }.map(\.range))
        let expected = results.hits(inUnit: 0).map { $0.offset ..< $0.offset + $0.length }.filter { $0.overlaps(range) }
        #expect(marked == Set(expected))
    }

    @Test func cardsAndPeopleOnScreenFindMentionsFromTheNearestPiece() throws {
        var state = state()
        let people = Self.book.people
        let stalin = try #require(people.people.firstIndex { $0.name.hasSuffix("Stalin") })
        let mentions = people.mentions(of: stalin)
        #expect(mentions.count > 10)
        for mention in [mentions[0], mentions[mentions.count / 2], mentions[mentions.count - 1]] {
            let fromPiece = KeywordInContext(book: Self.book, unit: 0, offset: mention.offset, length: mention.length,
                                             leftWidth: 30, rightWidth: 30)
            let walked = KeywordInContext(text: Self.text, offset: mention.offset, length: mention.length,
                                          leftWidth: 30, rightWidth: 30)
            #expect(fromPiece.left == walked.left && fromPiece.keyword == walked.keyword && fromPiece.right == walked.right)
            #expect(fromPiece.keyword.hasSuffix("Stalin"))
        }
        send(&state, .tab, .character("G"))
        let onScreen = peopleOnScreen(state)
        let top = state.readerTop
        let lines = state.reader.lines[top ..< min(state.reader.lines.count, top + state.readerHeight)]
        var expected: [Int] = []
        for line in lines where line.unit == 0 {
            for mention in people.mentions(inUnit: 0)
            where mention.offset < line.range.upperBound && mention.offset + mention.length > line.range.lowerBound
                && !expected.contains(mention.person) {
                expected.append(mention.person)
            }
        }
        #expect(onScreen == expected)
    }

    @Test func peopleAreProposedFromTheFirstMegabytesOfAParagraph() {
        let unit = Self.book.units[0]
        let sample = Book.sample([unit], bytes: 1000)
        #expect(sample.count == 1)
        let cut = sample[0].text
        #expect(cut.utf8.count <= 1000 && cut.utf8.count > 700)
        #expect(Self.text.hasPrefix(cut))
        #expect(Self.text.utf8[Self.text.utf8.index(Self.text.utf8.startIndex, offsetBy: cut.utf8.count)] == 0x20
                || cut.utf8.last == 0x20)
        #expect(Book.sample(Self.book.units).count == 1)
    }

    @Test func aNoticeFromTheRuntimeJoinsOneAlreadyShown() {
        var state = state()
        _ = reduce(&state, .notice("Read as UTF-16 (little-endian)"))
        #expect(state.notice == "Read as UTF-16 (little-endian)")
        _ = reduce(&state, .stored(.notice("State file set aside")))
        _ = reduce(&state, .notice("1 line has bytes that are not UTF-8: shown as \u{FFFD}"))
        #expect(state.notice == "State file set aside; 1 line has bytes that are not UTF-8: shown as \u{FFFD}")
        send(&state, .character("j"))
        #expect(state.notice == nil)
    }

    @Test func loadingFromAPipeSaysHowMuchIsRead() {
        let theme = Theme(capability: .monochrome)
        let screen = renderLoading(fileName: "book.txt", fraction: 0, size: Size(width: 60, height: 10), theme: theme,
                                   pipeBytes: 12 << 20).snapshot()
        #expect(screen.contains("Loading book.txt… 12 MB read"))
        #expect(!screen.contains("0%"))
    }

    @Test func wordsAreChosenAndNotedWhereTheReaderIsDeepInTheParagraph() throws {
        var state = state()
        // Far into the paragraph, past what a step reads around its start.
        let target = Self.text.unicodeScalars.count / 2
        let word = Self.book.units[0].text.unicodeScalars
        var start = target
        let scalars = Array(word)
        while scalars[start] != " " { start += 1 }
        start += 1
        jump(&state, unit: 0, range: start..<(start + 1), remember: true)
        send(&state, .character("v"), .character("w"))
        let selection = try #require(state.textSelection)
        #expect(selection.range.lowerBound == start)
        let chosen = String(String.UnicodeScalarView(scalars[selection.range]))
        #expect(chosen.split(separator: " ").count == 2)
        send(&state, .character("a"))
        guard case .noteText(_, .new(let anchor))? = state.overlay else {
            Issue.record("no note line")
            return
        }
        #expect(anchor.exact == chosen && anchor.start == start)
    }
}
