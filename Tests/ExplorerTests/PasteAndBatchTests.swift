import IskraCore
import Testing
import TextUI
@testable import Explorer

/// Input that arrives faster than one frame: typed ahead, or pasted (issue 11).
@Suite("Reducer: pastes and batches of keys")
struct PasteAndBatchTests {
    @Test func aBatchOfKeysSearchesOnceAndEndsWhereTypingEachEnds() {
        var oneByOne = Fixtures.state(120, 40)
        send(&oneByOne, .character("/"))
        for key in typed("kronstadt sailors") { send(&oneByOne, key) }
        var batched = Fixtures.state(120, 40)
        _ = reduce(&batched, .inputs([.key(.character("/"))] + typed("kronstadt sailors").map(InputEvent.key)))
        #expect(batched.search?.query == "kronstadt sailors")
        #expect(batched.search?.isStale == false)
        #expect(batched.search?.results?.count == oneByOne.search?.results?.count)
        #expect(batched.search?.rows == oneByOne.search?.rows)
        #expect(batched.search?.selection == oneByOne.search?.selection)
    }

    @Test func enterInTheSameBatchOpensTheHitOfWhatWasTyped() {
        var state = Fixtures.state(120, 40)
        _ = reduce(&state, .inputs([.key(.character("/"))] + typed("\"suicide letter\"").map(InputEvent.key) + [.key(.enter)]))
        #expect(state.search == nil)
        #expect(state.page == .source(18))
    }

    @Test func aPasteWithNothingOpenIsSearchedNeverTakenForKeys() {
        var state = Fixtures.state(120, 40)
        // "q" would quit and "/" open search if they were keys.
        let effects = reduce(&state, .input(.paste("quite a few\nsailors at Kronstadt")))
        #expect(effects.isEmpty)
        #expect(state.search?.query == "quite a few sailors at Kronstadt")
        #expect(state.search?.results != nil)
    }

    @Test func aPasteGoesIntoTheSearchLineAtTheCursor() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("/"))
        for key in typed("kron sailors") { send(&state, key) }
        for _ in 0..<8 { send(&state, .left) }
        _ = reduce(&state, .input(.paste("\tstadt\u{1B}[2J ")))
        // Controls never get in; whitespace runs are one space, ends trimmed.
        #expect(state.search?.query == "kronstadt [2J sailors")
    }

    @Test func aLongPasteIsCutAtTheLineLimitWithANotice() {
        var state = Fixtures.state(120, 40)
        let page = String(repeating: "Kronstadt sailors rose in March 1921. ", count: 120)
        _ = reduce(&state, .input(.paste(page)))
        #expect(state.search?.query.count == SearchSession.maxQueryLength)
        #expect(state.notice?.hasPrefix("The search line holds \(SearchSession.maxQueryLength) characters") == true)
        // Typing past the limit adds nothing and says why.
        send(&state, .character("x"))
        #expect(state.search?.query.count == SearchSession.maxQueryLength)
        #expect(state.notice == "The search line holds \(SearchSession.maxQueryLength) characters")
    }

    @Test func aPasteGoesIntoTheBookmarkLabelOrTheFilter() {
        var state = Fixtures.state(120, 40)
        send(&state, .tab, .character("m"))
        _ = reduce(&state, .input(.paste("the opening\n")))
        #expect(state.overlay == .bookmarkLabel("the opening"))
        send(&state, .escape)
        send(&state, .character("3"), .character("f"))
        _ = reduce(&state, .input(.paste("gorky")))
        #expect(state.sourceList.filter == "gorky" && state.search == nil)
        #expect(state.sourceList.rows.count == 2)
    }

    @Test func aPasteOverTheHelpChangesNothing() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("?"))
        _ = reduce(&state, .input(.paste("q")))
        #expect(state.overlay == .help(scroll: 0) && state.search == nil)
    }
}

/// The search line, a list's filter and a bookmark's label share one line editor.
@Suite("Reducer: one line editor everywhere")
struct OneLineEditorTests {
    @Test func theFilterEditsAtItsCursor() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("3"), .character("f"))
        for key in typed("gky") { send(&state, key) }
        #expect(state.sourceList.rows.isEmpty)
        send(&state, .left, .left, .character("o"), .character("r"))
        #expect(state.sourceList.filter == "gorky" && state.sourceList.rows.count == 2)
        send(&state, .control("w"))
        #expect(state.sourceList.filter == "ky")
    }

    @Test func theLabelEditsAtItsCursor() {
        var state = Fixtures.state(120, 40)
        send(&state, .tab, .character("m"))
        for key in typed("Bloody Sunday") { send(&state, key) }
        send(&state, .control("w"), .home, .character("1"), .character(" "))
        guard case .bookmarkLabel(let line)? = state.overlay else {
            Issue.record("the label line closed")
            return
        }
        #expect(line.text == "1 Bloody " && line.cursor == 2)
        let effects = send(&state, .enter)
        guard case .store(.addBookmark(_, let label))? = effects.first else {
            Issue.record("no bookmark asked for")
            return
        }
        #expect(label == "1 Bloody ")
    }
}
