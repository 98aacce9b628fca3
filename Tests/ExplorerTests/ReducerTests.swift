import IskraCore
import Testing
import TextUI
@testable import Explorer

@Suite("Reducer")
struct ReducerTests {
    @Test func startsOnTheOpeningWithTheNavigatorFocused() {
        let state = Fixtures.state(120, 40)
        #expect(state.page == .chapter(0))
        #expect(state.focus == .navigator)
        #expect(state.tab == .chapters)
        #expect(state.readerTop == 0)
        #expect(state.back.isEmpty && state.forward.isEmpty)
    }

    @Test func enterOpensTheSelectedChapterAndFocusesTheReader() {
        var state = Fixtures.state(120, 40)
        let effects = send(&state, .down, .down, .enter)
        #expect(effects.isEmpty)
        #expect(state.page == .chapter(2))
        #expect(state.focus == .reader)
        #expect(state.reader.lines[1].text == "Leon Trotsky and Bloody Sunday")
        #expect(state.back == [Place(page: .chapter(0), anchor: state.back[0].anchor)])
    }

    @Test func quitIsAnEffect() {
        var state = Fixtures.state(80, 24)
        #expect(send(&state, .character("q")) == [.quit])
        #expect(send(&state, .control("l")) == [.redrawAll])
    }

    @Test func escapeClosesHelpBeforeAnythingElse() {
        var state = Fixtures.state(80, 24)
        send(&state, .character("?"))
        #expect(state.overlay == .help(scroll: 0))
        send(&state, .character("j"), .character("j"))
        #expect(state.overlay == .help(scroll: 2))
        #expect(send(&state, .escape).isEmpty)
        #expect(state.overlay == nil)
        send(&state, .character("?"))
        // q inside help closes it rather than quitting, as in less.
        #expect(send(&state, .character("q")).isEmpty)
        #expect(state.overlay == nil)
    }

    @Test func scrollingByLineHalfPageAndPageStaysInBounds() {
        var state = Fixtures.state(80, 24)
        send(&state, .tab)
        #expect(state.focus == .reader)
        let height = state.readerHeight
        send(&state, .character("j"), .character("j"))
        #expect(state.readerTop == 2)
        send(&state, .control("d"))
        #expect(state.readerTop == 2 + height / 2)
        send(&state, .control("u"), .character("k"), .character("k"))
        #expect(state.readerTop == 0)
        send(&state, .character(" "))
        #expect(state.readerTop == height - 1)
        send(&state, .character("b"))
        #expect(state.readerTop == 0)
        send(&state, .character("G"))
        #expect(state.readerTop == state.maxReaderTop)
        #expect(state.maxReaderTop == state.reader.lines.count - height)
        send(&state, .character("j"), .pageDown)
        #expect(state.readerTop == state.maxReaderTop)
        send(&state, .character("g"), .character("k"))
        #expect(state.readerTop == 0)
    }

    @Test func listSelectionIsClampedAndKeptVisible() {
        var state = Fixtures.state(80, 24)
        send(&state, .character("3"))
        #expect(state.tab == .sources)
        send(&state, .end)
        #expect(state.sourceList.selection == 43)
        let height = state.geometry.list.height
        #expect(state.sourceList.offset == 44 - height)
        send(&state, .down)
        #expect(state.sourceList.selection == 43)
        send(&state, .home, .up)
        #expect(state.sourceList.selection == 0 && state.sourceList.offset == 0)
    }

    @Test func nextAndPreviousPageCrossFromChaptersToSources() {
        var state = Fixtures.state(120, 40)
        send(&state, .end, .enter)
        #expect(state.page == .chapter(24))
        send(&state, .character("]"))
        #expect(state.page == .source(0))
        // The first source page starts with the "Primary Sources" heading.
        #expect(state.reader.lines.first?.text == "Primary Sources")
        send(&state, .character("["), .character("["))
        #expect(state.page == .chapter(23))
        #expect(state.chapterList.selection == 23)
        send(&state, .character("g"), .home)
        var first = Fixtures.state(120, 40)
        send(&first, .tab, .character("["))
        #expect(first.page == .chapter(0))
        #expect(first.notice == "This is the first page")
    }

    @Test func backAndForwardRestorePagesAndPositions() {
        var state = Fixtures.state(120, 40)
        send(&state, .down, .enter)           // chapter 2
        send(&state, .character("j"), .character("j"), .character("j"))
        let placeInChapter2 = state.place
        send(&state, .character("]"))         // chapter 3
        #expect(state.page == .chapter(2))
        send(&state, .backspace)
        #expect(state.place == placeInChapter2)
        #expect(state.readerTop == 3)
        send(&state, .character("h"))
        #expect(state.page == .chapter(0))
        send(&state, .character("h"))
        #expect(state.notice == "Nothing to go back to")
        send(&state, .character("l"), .right)
        #expect(state.page == .chapter(2))
        send(&state, .right)
        #expect(state.notice == "Nothing to go forward to")
        // A new place clears the forward history.
        send(&state, .left, .character("]"))
        #expect(state.forward.isEmpty)
    }

    @Test func resizeKeepsTheReadingPositionAnchoredToTheText() {
        var state = Fixtures.state(120, 40)
        send(&state, .down, .down, .down, .down, .down, .down, .down, .down, .enter)
        for _ in 0..<20 { send(&state, .character("j")) }
        let anchor = state.readerAnchor
        let topText = state.reader.lines[state.readerTop]
        _ = reduce(&state, .input(.resize(Size(width: 60, height: 15))))
        #expect(state.geometry.isOnePane)
        // The line at the top still shows the same stretch of text.
        let line = state.reader.lines[state.readerTop]
        #expect(line.unit == topText.unit)
        #expect(line.range.contains(anchor.offset) || line.range.lowerBound == anchor.offset)
        _ = reduce(&state, .input(.resize(Size(width: 20, height: 5))))
        #expect(state.geometry.isTooSmall)
        _ = reduce(&state, .input(.resize(Size(width: 120, height: 40))))
        #expect(state.readerTop == 20)
        #expect(state.reader.lines[state.readerTop] == topText)
    }

    @Test func mouseClicksTabsRowsAndPanesAndWheelScrolls() {
        var state = Fixtures.state(120, 40)
        let geometry = state.geometry
        // Click the third tab.
        var scratch = ScreenBuffer(size: state.size)
        let ranges = tabBar(state).render(into: &scratch, in: geometry.tabBar)
        let sourcesX = ranges[2].lowerBound + 1
        _ = reduce(&state, .input(.mouse(MouseEvent(button: .left, position: Point(x: sourcesX, y: geometry.tabBar.y)))))
        #expect(state.tab == .sources)
        // Click row 5 selects it; clicking it again opens it.
        let row = Point(x: 5, y: geometry.list.y + 4)
        _ = reduce(&state, .input(.mouse(MouseEvent(button: .left, position: row))))
        #expect(state.sourceList.selection == 4)
        #expect(state.page == .chapter(0))
        _ = reduce(&state, .input(.mouse(MouseEvent(button: .left, position: row))))
        #expect(state.page == .source(4))
        #expect(state.focus == .reader)
        // Wheel over the list scrolls the list, over the reader scrolls the text.
        var chapter = Fixtures.state(120, 40)
        send(&chapter, .down, .down, .down, .down, .down, .down, .down, .down, .enter)
        let readerPoint = Point(x: chapter.geometry.reader.x + 5, y: 10)
        _ = reduce(&chapter, .input(.mouse(MouseEvent(button: .wheelDown, position: readerPoint))))
        #expect(chapter.readerTop == 3)
        _ = reduce(&chapter, .input(.mouse(MouseEvent(button: .wheelUp, position: readerPoint))))
        #expect(chapter.readerTop == 0)
        // Clicking the navigator focuses it.
        _ = reduce(&chapter, .input(.mouse(MouseEvent(button: .left, position: Point(x: 3, y: 20)))))
        #expect(chapter.focus == .navigator)
    }

    @Test func numberKeysSwitchListsAndTabSwitchesPanes() {
        var state = Fixtures.state(120, 40)
        send(&state, .tab)
        #expect(state.focus == .reader)
        send(&state, .character("2"))
        #expect(state.tab == .people && state.focus == .navigator)
        send(&state, .backTab)
        #expect(state.focus == .reader)
        send(&state, .character("1"))
        #expect(state.tab == .chapters)
    }

    @Test func everyBindingIsInTheHelp() {
        let help = Keymap.helpLines()
        for binding in Keymap.bindings {
            #expect(help.contains { $0.summary == binding.summary })
        }
        #expect(help.contains { $0.summary.contains("--no-mouse") })
    }
}

@Suite("Reducer: books with no pages")
struct NoPageBookTests {
    /// Found by `make soak` (seed 8366731759792401494): a title-only book put its missing first
    /// page into the back history.
    @Test func aTitleOnlyBookRecordsNoMissingPageInHistory() {
        let book = Book(document: Parser.parse(text: "Just A Title\n", path: "t.txt"), register: PeopleRegister())
        var state = AppState(book: book, size: Size(width: 120, height: 40), search: BookSearch(book: book))
        send(&state, .character("/"))
        for key in typed("just") { send(&state, key) }
        #expect(state.search?.results?.count == 1)
        send(&state, .enter, .character("n"), .backspace)
        #expect(state.back.allSatisfy { book.isValid($0.page) })
        #expect(state.forward.allSatisfy { book.isValid($0.page) })
        _ = render(state, theme: Theme(capability: .basic8))
    }
}
