import Testing
import TextUI
@testable import Explorer

/// The keys the curses backend's escape decoder added (Insert, Alt combinations) reach the
/// reducer without side effects, except where they are bound.
@Suite("Insert and Alt keys in the explorer")
struct DecodedKeyTests {
    @Test func altBackspaceDeletesTheWordBeforeTheCursorInTheSearchLine() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("/"))
        for key in typed("lenin stalin") { send(&state, key) }
        send(&state, .alt(.backspace))
        #expect(state.search?.query == "lenin ")
        #expect(state.search?.results?.count == Fixtures.search.index.search("lenin").count)
        send(&state, .alt(.backspace))
        #expect(state.search?.query == "")
    }

    @Test func unboundDecodedKeysLeaveTheSearchLineAndItsQueryAlone() throws {
        var state = Fixtures.state(120, 40)
        send(&state, .character("/"))
        for key in typed("trotsky") { send(&state, key) }
        let selection = state.search?.selection
        for key: Key in [.insert, .alt(.character("b")), .alt(.character("[")), .alt(.enter), .function(5)] {
            send(&state, key)
            #expect(state.search?.query == "trotsky", "after \(key)")
            #expect(state.search?.selection == selection, "after \(key)")
        }
        // Home and End move the cursor in the line; the query, the results and the search stay.
        send(&state, .home)
        #expect(state.search?.query == "trotsky" && state.search?.cursor == 0 && state.search?.selection == selection)
        send(&state, .character("x"))
        #expect(state.search?.query == "xtrotsky")
        send(&state, .end, .character("s"))
        #expect(state.search?.query == "xtrotskys" && state.search?.cursor == nil)
        _ = try #require(state.search)
    }

    @Test func unboundDecodedKeysDoNothingWhileReading() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("]"), .character("]"))
        let page = state.page, top = state.readerTop, tab = state.tab
        for key: Key in [.insert, .alt(.character("1")), .alt(.character("]")), .alt(.backspace)] {
            #expect(send(&state, key).isEmpty)
            #expect(state.page == page && state.readerTop == top && state.tab == tab, "after \(key)")
        }
    }

    @Test func namesForTheHelp() {
        #expect(Keymap.name(of: .insert) == "Insert")
        #expect(Keymap.name(of: .alt(.backspace)) == "Alt-Backspace")
        #expect(Keymap.name(of: .alt(.character("b"))) == "Alt-b")
    }
}
