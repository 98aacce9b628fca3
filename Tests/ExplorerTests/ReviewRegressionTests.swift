import IskraCore
import Testing
import TextUI
@testable import Explorer

/// Behaviour a code review found wrong, each pinned by a test.
@Suite("Reducer: review regressions")
struct ReviewRegressionTests {
    func click(_ state: inout AppState, _ x: Int, _ y: Int, _ button: MouseButton = .left) {
        _ = reduce(&state, .input(.mouse(MouseEvent(button: button, position: Point(x: x, y: y)))))
    }

    @Test func clickingAFilteredPeopleListPicksTheRowUnderThePointer() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("2"), .character("f"))
        for key in typed("sedov") { send(&state, key) }
        let rows = listRowsRect(state, .people)
        #expect(rows.y == state.geometry.list.y + 1)
        click(&state, rows.x + 5, rows.y + 1)
        #expect(state.personList.selection == 1)
        #expect(!state.personList.isFiltering)
        // The filter line itself selects nothing.
        click(&state, rows.x + 5, state.geometry.list.y)
        #expect(state.personList.selection == 1)
        send(&state, .character("j"))
        #expect(state.personList.filter == "sedov")
    }

    @Test func questionMarkOnAnEmptySearchLineShowsTheHelp() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("/"), .character("?"))
        // At the search syntax, over the search line, which is back when the help closes.
        let rows = helpRows(screenWidth: 120)
        guard case .help(let scroll)? = state.overlay else { Issue.record("no help"); return }
        let syntax = rows.firstIndex { $0.isHeading && $0.keys == "Search syntax" } ?? -1
        #expect(syntax > 0 && scroll > 0 && scroll <= syntax && syntax < scroll + 36)  // 36 rows show at 120x40
        #expect(state.search != nil)
        send(&state, .character("j"))
        #expect(state.search?.query == "")
        send(&state, .escape)
        #expect(state.overlay == nil && state.search?.query == "")
        send(&state, .character("a"), .character("?"))
        #expect(state.search?.query == "a?")
    }

    @Test func helpScrollIsClampedWhenTheScreenGrows() {
        var state = Fixtures.state(60, 20)
        send(&state, .character("?"), .character("G"))
        _ = reduce(&state, .input(.resize(Size(width: 200, height: 60))))
        guard case .help(let scroll)? = state.overlay else { Issue.record("help closed"); return }
        #expect(scroll == maxHelpScroll(state))
    }

    @Test func aClickDoesNotThrowAwayABookmarkLabel() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("m"), .character("x"))
        click(&state, 60, 10)
        #expect(state.overlay == .bookmarkLabel("x"))
    }

    @Test func escapeOnACardKeepsNFollowingItsPerson() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("2"), .down, .enter)
        guard case .person(let lenin) = state.page else { Issue.record("no card"); return }
        send(&state, .escape)
        #expect(state.stepping == .person(lenin, mention: -1))
        send(&state, .character("n"))
        #expect(state.stepping == .person(lenin, mention: 0))
    }

    @Test func theWheelOnACardBringsTheCursorAlong() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("2"), .enter)
        let reader = state.geometry.reader
        for _ in 0..<20 { click(&state, reader.x + 5, reader.y + 5, .wheelDown) }
        let top = state.readerTop
        #expect(top > 0)
        let cursor = state.readerCursor ?? -1
        #expect(cursor >= top && cursor < top + state.readerHeight)
        send(&state, .character("j"))
        #expect(state.readerTop >= top)
    }
}
