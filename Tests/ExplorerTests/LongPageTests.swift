import IskraCore
import Testing
import TextUI
@testable import Explorer

/// A page with thousands of paragraphs is laid out a window at a time.
@Suite("Long pages")
struct LongPageTests {
    static let paragraphs = 3000
    static let book: Book = {
        var text = "A Long Book\n\nThe Only Chapter\n\n"
        for n in 1...paragraphs {
            text += "Paragraph \(n) says something about the long march, and then a little more so that it wraps.\n\n"
        }
        return Book(document: Parser.parse(text: text, path: "long.txt"), register: PeopleRegister())
    }()
    static let search = BookSearch(book: book)

    func state() -> AppState { AppState(book: Self.book, size: Size(width: 100, height: 30), search: Self.search) }

    /// The number in "Paragraph N" on the top text line.
    func topParagraph(_ state: AppState) -> Int? {
        for line in state.reader.lines[state.readerTop...] where line.unit != nil {
            let text = Self.book.units[line.unit!].text
            return Int(text.split(separator: " ")[1])
        }
        return nil
    }

    @Test func opensWithOnlyAWindowLaidOut() {
        let state = state()
        #expect(state.reader.isWindowed)
        #expect(state.reader.window.count == ReaderLayout.windowUnits)
        #expect(state.reader.lines.count < 3 * ReaderLayout.windowUnits)
        #expect(readerPosition(state) == "Top")
    }

    @Test func scrollingSlidesTheWindowWithoutLosingThePlace() {
        var state = state()
        send(&state, .tab)
        var previous = 0
        for _ in 0..<200 {
            send(&state, .pageDown)
            let top = topParagraph(state) ?? 0
            #expect(top >= previous, "moved back from \(previous) to \(top)")
            previous = top
        }
        // 200 pages of 29 lines, two lines a paragraph plus a blank: well past the first window.
        #expect(previous > ReaderLayout.windowUnits)
        #expect(state.reader.window.lowerBound > state.reader.body.lowerBound)
        for _ in 0..<200 { send(&state, .pageUp) }
        #expect(topParagraph(state) == 1 || state.readerTop == 0)
    }

    @Test func bottomAndTopJumpToTheEnds() {
        var state = state()
        send(&state, .tab, .character("G"))
        #expect(state.reader.windowAtEnd)
        #expect(readerPosition(state) == "Bot")
        let lastLines = state.reader.lines.suffix(3).compactMap(\.unit).map { Self.book.units[$0].text }
        #expect(lastLines.last?.hasPrefix("Paragraph \(Self.paragraphs) ") == true)
        send(&state, .character("g"))
        #expect(state.reader.windowAtStart && state.readerTop == 0)
    }

    @Test func searchJumpsIntoTheMiddleAndResizeKeepsIt() {
        var state = state()
        send(&state, .character("/"))
        for key in typed("\"paragraph 2222 \"") { send(&state, key) }
        #expect(state.search?.results?.count == 1)
        send(&state, .enter)
        let focus = try! #require(state.focusSpan)
        #expect(state.reader.window.contains(focus.unit))
        let line = state.reader.line(containing: focus.range.lowerBound, inUnit: focus.unit) ?? -1
        #expect(line >= state.readerTop && line < state.readerTop + state.readerHeight)
        let top = topParagraph(state)
        _ = reduce(&state, .input(.resize(Size(width: 60, height: 15))))
        _ = reduce(&state, .input(.resize(Size(width: 100, height: 30))))
        #expect(topParagraph(state) == top)
    }
}
