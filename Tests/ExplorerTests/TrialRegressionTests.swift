import IskraCore
import Testing
import TextUI
@testable import Explorer

/// What a new user found wrong in a tmux trial, each pinned by a test.
@Suite("Reducer: trial regressions")
struct TrialRegressionTests {
    func screen(_ state: AppState) -> [String] {
        let text = render(state, theme: Theme(capability: .monochrome)).snapshot()
        // The first line of a snapshot names the size; the rows follow.
        return Array(text.components(separatedBy: "\n").dropFirst().prefix(state.size.height))
    }

    @Test func aNarrowScreenShowsSearchResultsEvenWhenTheListHadTheFocus() {
        var state = Fixtures.state(60, 15)
        #expect(state.focus == .navigator)
        send(&state, .character("/"))
        for key in typed("kro") { send(&state, key) }
        let rows = screen(state)
        // Under the reader's title row, which says what the pane shows.
        #expect(rows[1].contains("Search results"))
        #expect(rows[2].contains("28 hits in 18 passages · 1 chapter, 2 sources"))
        #expect(!rows.contains { $0.contains("2 Bolsheviks and Mensheviks") })
        // The hit opened is the one on screen, and it is in view afterwards.
        send(&state, .down, .enter)
        #expect(state.focus == .reader && state.page == .chapter(12))
        send(&state, .character("/"), .escape)
        #expect(state.search == nil)
    }

    @Test func theQueryStaysVisibleWhenTheStatusBarIsNarrow() {
        var state = Fixtures.state(40, 10)
        send(&state, .character("/"))
        for key in typed("kronstadt rebellion") { send(&state, key) }
        let status = screen(state)[9]
        #expect(status.contains("kronstadt rebellion▏"))
        // With room to spare, the count and the hints are there too.
        var wide = Fixtures.state(120, 40)
        send(&wide, .character("/"))
        for key in typed("kron") { send(&wide, key) }
        #expect(screen(wide)[39].contains("28 hits in 18 passages  ↑↓ choose  Enter open  Esc back"))
    }

    @Test func aNarrowStatusBarDropsTheNameRatherThanCutACount() {
        var state = Fixtures.state(40, 10)
        let trotsky = state.book.people.people.firstIndex { $0.name == "Leon Trotsky" }!
        let count = state.book.people.mentionCount(of: trotsky)
        send(&state, .character("2"), .enter)
        let status = screen(state)[9]
        #expect(status.contains("\(count) mentions"))
        #expect(!status.contains("Leon Trotsky: "))
    }

    @Test func backToACardKeepsTheMentionLastOpened() {
        var state = Fixtures.state(120, 40)
        let stalin = openCard(&state, of: "Joseph Stalin")
        downToTheMentions(&state)
        for _ in 0..<5 { send(&state, .down) }
        let chosen = state.readerCursor
        send(&state, .enter)
        #expect(state.stepping == .person(stalin, mention: 5))
        send(&state, .character("h"))
        #expect(state.page == .person(stalin))
        #expect(state.readerCursor == chosen)
        #expect(state.reader.lines[chosen!].target == .mention(state.book.people.mentionIndices(of: stalin)[5]))
        // From a Where row, back is to that row (not to the mention's own line further down).
        send(&state, .character("g"))
        for _ in 0..<4 { send(&state, .down) }
        let row = state.readerCursor!
        guard case .page(let first)? = state.reader.lines[row].target else { Issue.record("not a Where row"); return }
        send(&state, .enter)
        #expect(state.focusSpan?.unit == state.book.people.mentions[first].unit)
        send(&state, .character("h"))
        #expect(state.readerCursor == row)
    }

    @Test func backAfterSteppingOffACardReturnsToTheCard() {
        var state = Fixtures.state(120, 40)
        let stalin = state.book.people.people.firstIndex { $0.name == "Joseph Stalin" }!
        send(&state, .character("2"))
        while state.personList.rows[state.personList.selection] != stalin { send(&state, .down) }
        send(&state, .enter, .character("n"), .character("n"))
        #expect(state.stepping == .person(stalin, mention: 1) && state.page.isText)
        send(&state, .character("h"))
        #expect(state.page == .person(stalin))
    }

    @Test func nOnACardStartsFromTheSelectedMention() {
        var state = Fixtures.state(120, 40)
        let stalin = openCard(&state, of: "Joseph Stalin")
        // n on a Where row opens what Enter would: the first mention in that chapter or source.
        send(&state, .down, .character("n"))
        #expect(state.stepping == .person(stalin, mention: 1) && state.page == .chapter(6))
        send(&state, .character("h"))
        // On the mentions, n opens the one selected and N the one before it.
        downToTheMentions(&state)
        send(&state, .down, .down, .down, .down)
        send(&state, .character("n"))
        #expect(state.stepping == .person(stalin, mention: 4))
        send(&state, .character("h"), .up, .character("N"))
        #expect(state.stepping == .person(stalin, mention: 2))
    }

    @Test func escapeFromSearchKeepsTheListsCursors() {
        var state = Fixtures.state(120, 40)
        send(&state, .down, .down, .enter, .tab)
        #expect(state.focus == .navigator)
        for _ in 0..<6 { send(&state, .down) }
        #expect(state.chapterList.selection == 8 && state.page == .chapter(2))
        send(&state, .character("/"), .character("x"), .escape)
        #expect(state.chapterList.selection == 8 && state.focus == .navigator && state.page == .chapter(2))
    }

    @Test func aCardIsNotBookmarkedAsAnotherPlace() {
        var state = Fixtures.state(120, 40)
        // The page read last is chapter 1; the card's selected row (its first Where row, at
        // the person's first mention there) is what m marks.
        send(&state, .character("2"), .enter, .character("m"))
        #expect(state.overlay == .bookmarkLabel(""))
        guard case .store(.addBookmark(let stored, _))? = send(&state, .enter).first,
              case .page(firstMention: let index)? = state.reader.lines[state.readerCursor!].target else {
            Issue.record("no bookmark of the selected mention")
            return
        }
        let mention = state.book.people.mentions[index]
        #expect(stored.line == state.book.units[mention.unit].line && stored.offset == mention.offset)
    }

    @Test func aLongQueryShowsItsEndWhereTypingHappens() {
        var state = Fixtures.state(40, 10)
        send(&state, .character("/"))
        for key in typed("kronstadt sailors revolted against lenin xyz") { send(&state, key) }
        let status = screen(state)[9]
        #expect(status.contains("…") && status.contains("lenin xyz▏"))
    }

    @Test func theSearchLineEditsAtItsCursor() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("/"))
        for key in typed("lenin stalin") { send(&state, key) }
        // Back to the first word, fix it, and the results follow.
        send(&state, .control("a"))
        for _ in 0..<5 { send(&state, .right) }
        #expect(state.search?.cursor == 5)
        send(&state, .control("w"))
        #expect(state.search?.query == " stalin" && state.search?.cursor == 0)
        for key in typed("trotsky") { send(&state, key) }
        #expect(state.search?.query == "trotsky stalin" && state.search?.cursor == 7)
        #expect(state.search?.results?.count == Fixtures.search.index.search("trotsky stalin").count)
        #expect(screen(state)[39].contains("/  trotsky▏ stalin"))
        send(&state, .control("k"))
        #expect(state.search?.query == "trotsky" && state.search?.cursor == nil)
        // trots|ky: Backspace takes the s, Delete the k.
        send(&state, .left, .left, .backspace, .delete)
        #expect(state.search?.query == "troty" && state.search?.cursor == 4)
        send(&state, .control("e"), .character("k"))
        #expect(state.search?.query == "trotyk")
        send(&state, .left, .control("u"))
        #expect(state.search?.query == "k" && state.search?.cursor == 0)
    }

    @Test func narrowHelpPutsTheWordsUnderTheKeys() {
        let narrow = helpRows(screenWidth: 40)
        let wide = helpRows(screenWidth: 120)
        // At 40 columns every description gets the box's width, not what a key column leaves.
        #expect(narrow.allSatisfy { DisplayWidth.of($0.keys + $0.summary) <= 36 })
        #expect(narrow.contains { $0.keys == "q" && $0.summary.isEmpty })
        #expect(narrow.contains { $0.keys == "  " && $0.summary.hasPrefix("quit") })
        #expect(wide.contains { $0.keys.hasPrefix("q ") && $0.summary.hasPrefix("quit") })
    }

    @Test func aClickWhileTheScreenIsTooSmallDoesNothing() {
        var state = Fixtures.state(20, 5)
        let before = (state.page, state.focus, state.chapterList.selection)
        _ = reduce(&state, .input(.mouse(MouseEvent(button: .left, position: Point(x: 3, y: 3)))))
        #expect(before == (state.page, state.focus, state.chapterList.selection))
    }

    @Test func searchSummariesSayWhyTheyFindLess() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("/"))
        for key in typed("KRON") { send(&state, key) }
        #expect(searchSummary(state.search!) == "No hits: capitals make case count, try kron")
        // Only when lowercase would find something.
        send(&state, .control("u"))
        for key in typed("Kronstadt -Kronstadt") { send(&state, key) }
        #expect(searchSummary(state.search!) == "No hits")
        send(&state, .control("u"))
        for key in typed("-stalin") { send(&state, key) }
        #expect(searchSummary(state.search!) == "-word only leaves paragraphs out: add a word")
        send(&state, .control("u"))
        for key in typed("kron in:people") { send(&state, key) }
        #expect(searchSummary(state.search!)
                == "in:people ignored: scopes are in:sources, in:chapters · 28 hits in 18 passages · 1 chapter, 2 sources")
        // Of two scopes the last counts, and the other is named.
        send(&state, .control("u"))
        for key in typed("trial in:sources in:chapters") { send(&state, key) }
        #expect(state.search?.results?.query.scope == .chapters)
        #expect(searchSummary(state.search!).hasPrefix("in:sources ignored: "))
    }

    @Test func theFilterLineSaysWhatKeysDo() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("2"), .character("f"))
        let status = screen(state)[39]
        #expect(status.contains("type to filter") && !status.contains("q quit"))
    }
}
