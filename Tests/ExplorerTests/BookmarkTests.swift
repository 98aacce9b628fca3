import IskraCore
import Testing
import TextUI
@testable import Explorer

@Suite("Bookmarks in the reducer")
struct BookmarkTests {
    /// Chapter 3, scrolled down 7 lines, reader focused.
    func inChapterThree() -> AppState {
        var state = Fixtures.state(120, 40)
        send(&state, .down, .down, .enter)
        for _ in 0..<7 { send(&state, .character("j")) }
        return state
    }

    func bookmark(_ id: String, _ place: Place, _ label: String, in state: AppState) -> Bookmark {
        Bookmark(id: id, place: state.book.storedPlace(place), label: label, created: 0)
    }

    @Test func mTypesALabelAndEnterAsksToSaveTheCurrentPlace() {
        var state = inChapterThree()
        let place = state.place
        #expect(send(&state, .character("m")).isEmpty)
        #expect(state.overlay == .bookmarkLabel(""))
        // Keys type into the label, they do not move or quit.
        var typingEffects: [Effect] = []
        for key in typed("Bloody Sunday jq") { typingEffects += send(&state, key) }
        #expect(typingEffects.isEmpty)
        send(&state, .backspace)
        send(&state, .down, .tab)
        #expect(state.overlay == .bookmarkLabel("Bloody Sunday j"))
        #expect(state.place == place && state.focus == .reader)
        let effects = send(&state, .enter)
        #expect(effects == [.store(.addBookmark(state.book.storedPlace(place), label: "Bloody Sunday j"))])
        #expect(state.overlay == nil)
        #expect(state.notice == "Bookmark added: Bloody Sunday j")
        // The stored place names chapter 3 and the unit at the top by its file line.
        guard case .store(.addBookmark(let stored, _)) = effects[0] else { return }
        #expect(stored.page == .chapter && stored.index == 2)
        #expect(stored.line == state.book.units[place.anchor.unit!].line)
    }

    func storedByM(_ state: inout AppState) -> StoredPlace? {
        send(&state, .character("m"))
        guard case .store(.addBookmark(let stored, _))? = send(&state, .enter).first else { return nil }
        return stored
    }

    @Test func aBlankLineAtTheTopBookmarksTheTextBelowIt() {
        var state = Fixtures.state(120, 40)
        send(&state, .down, .down, .enter)
        // Scroll until a blank line (between paragraphs) is at the top of the reader.
        while state.reader.lines[state.readerTop].unit != nil { send(&state, .character("j")) }
        let next = state.reader.lines[state.readerTop...].first { $0.unit != nil }!
        let stored = storedByM(&state)
        #expect(stored?.line == state.book.units[next.unit!].line)
        #expect(stored?.offset == next.range.lowerBound)
    }

    @Test func theHitJumpedToIsWhatIsBookmarked() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("/"))
        for key in typed("kronstadt") { send(&state, key) }
        send(&state, .enter, .character("n"))
        let hit = state.activeResults![1]
        #expect(state.focusSpan?.unit == hit.unit)
        let stored = storedByM(&state)
        #expect(stored?.line == state.book.units[hit.unit].line)
        #expect(stored?.offset == hit.offset)
        // The list shows the hit's words, not the top of the screen.
        let described = state.book.describe(stored!)
        #expect(described?.snippet.lowercased().hasPrefix("kronstadt") == true)
    }

    @Test func onACardTheSelectedMentionIsBookmarked() {
        var state = Fixtures.state(120, 40)
        openCard(&state, of: "Joseph Stalin")
        downToTheMentions(&state)
        send(&state, .down, .down)
        guard case .mention(let index)? = state.reader.lines[state.readerCursor!].target else {
            Issue.record("the cursor is not on a mention")
            return
        }
        let mention = state.book.people.mentions[index]
        let stored = storedByM(&state)
        #expect(stored?.line == state.book.units[mention.unit].line)
        #expect(stored?.offset == mention.offset)
        #expect(state.book.place(stored!)?.page == state.book.page(ofUnit: mention.unit))
    }

    @Test func anEmptyLabelIsAllowedAndEscCancels() {
        var state = inChapterThree()
        send(&state, .character("m"))
        #expect(send(&state, .enter) == [.store(.addBookmark(state.book.storedPlace(state.place), label: ""))])
        #expect(state.notice == "Bookmark added")
        send(&state, .character("m"), .character("x"))
        #expect(send(&state, .escape).isEmpty)
        #expect(state.overlay == nil)
        #expect(state.notice == "No bookmark added")
        // q after cancelling quits again.
        #expect(send(&state, .character("q")) == [.quit])
    }

    @Test func uBringsBackTheBookmarkJustDeleted() {
        var state = inChapterThree()
        let stored = bookmark("b1", state.place, "Bloody Sunday", in: state)
        _ = reduce(&state, .stored(.bookmarks([stored])))
        send(&state, .character("'"))
        #expect(send(&state, .character("d")) == [.store(.deleteBookmark(id: "b1"))])
        #expect(state.notice == "u undoes · Bookmark deleted: Bloody Sunday")
        #expect(send(&state, .character("u")) == [.store(.addBookmark(stored.place, label: "Bloody Sunday"))])
        #expect(state.notice == "Bookmark back: Bloody Sunday")
        #expect(send(&state, .character("u")).isEmpty && state.notice == "Nothing to undo")
    }

    @Test func aPlaceIsBookmarkedOnce() {
        var state = inChapterThree()
        let stored = bookmark("b1", state.place, "Bloody Sunday", in: state)
        _ = reduce(&state, .stored(.bookmarks([stored])))
        #expect(send(&state, .character("m")).isEmpty)
        #expect(state.overlay == nil && state.notice == "Already bookmarked here: Bloody Sunday")
        // One line further down is another place.
        send(&state, .character("j"), .character("m"))
        #expect(state.overlay == .bookmarkLabel(""))
    }

    @Test func quoteListsBookmarksAndEnterJumpsWithHistory() {
        var state = Fixtures.state(120, 40)
        let target = inChapterThree().place
        let source = Place(page: .source(15), anchor: .top)
        _ = reduce(&state, .stored(.bookmarks([bookmark("a", target, "chapter", in: state),
                                                bookmark("b", source, "", in: state)])))
        let start = state.place
        send(&state, .character("'"))
        #expect(state.overlay == .bookmarks(selection: 0))
        send(&state, .character("j"), .character("j"))
        #expect(state.overlay == .bookmarks(selection: 1))
        send(&state, .character("k"))
        #expect(send(&state, .enter).isEmpty)
        #expect(state.overlay == nil)
        #expect(state.place == target)
        #expect(state.focus == .reader)
        #expect(state.back.last == start)
        // Back returns to where the jump started, like any jump.
        send(&state, .character("h"))
        #expect(state.place == start)
        send(&state, .character("'"), .end, .enter)
        #expect(state.page == .source(15))
    }

    @Test func dDeletesTheSelectedBookmark() {
        var state = Fixtures.state(120, 40)
        let one = bookmark("one", Place(page: .chapter(1), anchor: .top), "one", in: state)
        let two = bookmark("two", Place(page: .chapter(4), anchor: .top), "two", in: state)
        _ = reduce(&state, .stored(.bookmarks([one, two])))
        // Outside the list, d only explains.
        #expect(send(&state, .character("d")).isEmpty)
        #expect(state.saved.bookmarks.count == 2)
        send(&state, .character("'"), .character("j"))
        #expect(send(&state, .character("d")) == [.store(.deleteBookmark(id: "two"))])
        #expect(state.saved.bookmarks == [one])
        #expect(state.overlay == .bookmarks(selection: 0))
        #expect(state.notice == "u undoes · Bookmark deleted: two")
        #expect(send(&state, .character("d")) == [.store(.deleteBookmark(id: "one"))])
        #expect(state.saved.bookmarks.isEmpty)
        // Nothing left: d and Enter do nothing, Esc closes.
        #expect(send(&state, .character("d"), .enter).isEmpty)
        send(&state, .escape)
        #expect(state.overlay == nil)
    }

    @Test func restoreReopensAtTheSavedPlaceWithoutHistory() {
        let left = inChapterThree()
        var state = Fixtures.state(120, 40)
        _ = reduce(&state, .stored(.restore(left.book.storedPlace(left.place))))
        #expect(state.place == left.place)
        #expect(state.readerTop == left.readerTop)
        #expect(state.chapterList.selection == 2)
        #expect(state.focus == .reader)
        #expect(state.back.isEmpty)

        // A page the book does not have: start at the top and say so.
        var other = Fixtures.state(120, 40)
        _ = reduce(&other, .stored(.restore(StoredPlace(page: .source, index: 99, line: 1, offset: 0, linesBefore: 0))))
        #expect(other.page == .chapter(0) && other.readerTop == 0)
        #expect(other.notice == "The saved position is not in this book; starting at the top")
    }

    @Test func storedPlacesRoundTripOnEveryPageAndAreValidated() {
        var state = Fixtures.state(80, 24)
        let book = state.book
        for index in 0..<book.pageCount {
            let page = book.page(atIndex: index)!
            let layout = ReaderLayout(book: book, page: page, width: state.geometry.readerTextWidth)
            for line in stride(from: 0, to: layout.lines.count, by: 5) {
                let place = Place(page: page, anchor: layout.anchor(forLine: line))
                #expect(book.place(book.storedPlace(place)) == place, "page \(index) line \(line)")
            }
        }
        // Checked against the book: a line with no unit on that page falls back to its top,
        // an offset past the unit's end is clamped.
        let unit = book.units[book.chapterUnits[2].lowerBound + 1]
        #expect(book.place(StoredPlace(page: .chapter, index: 2, line: 1, offset: 5, linesBefore: 0))
                == Place(page: .chapter(2), anchor: .top))
        let clamped = book.place(StoredPlace(page: .chapter, index: 2, line: unit.line, offset: 1_000_000, linesBefore: 0))
        #expect(clamped?.anchor.unit == unit.id)
        #expect(clamped?.anchor.offset == unit.text.unicodeScalars.count - 1)
        #expect(book.place(StoredPlace(page: .chapter, index: 25, line: nil, offset: 0, linesBefore: 0)) == nil)
        _ = reduce(&state, .stored(.searchHistory(["Lenin", "Zasulitch"])))
        // The store lists the newest first; the search line recalls from the newest last.
        #expect(state.searchHistory == ["Zasulitch", "Lenin"])
    }

    @Test func theBookmarksListShowsLabelPageLineAndText() {
        var state = Fixtures.state(120, 40)
        let target = inChapterThree().place
        _ = reduce(&state, .stored(.bookmarks([bookmark("a", target, "Bloody Sunday", in: state)])))
        send(&state, .character("'"))
        let screen = render(state, theme: Theme(capability: .monochrome)).snapshot()
        let line = state.book.describe(state.saved.bookmarks[0].place)!.line!
        #expect(screen.contains("Bookmarks 1 — Enter jumps, d deletes, Esc closes"))
        #expect(screen.contains("▸ Bloody Sunday  Chapter 3/25 · Leon Trotsky and Bloody Sunday · line \(line)"))
        let unit = state.book.units[target.anchor.unit!]
        #expect(unit.paragraph.position(ofScalarOffset: target.anchor.offset).line == line)
        let words = state.book.snippet(unit.text, from: target.anchor.offset).prefix(30)
        #expect(screen.contains("    " + words))
        // Every size renders without trapping, with and without bookmarks.
        for (w, h) in [(0, 0), (1, 1), (40, 10), (20, 5)] {
            var small = state
            _ = reduce(&small, .input(.resize(Size(width: w, height: h))))
            _ = render(small, theme: Theme(capability: .basic8))
            send(&small, .escape, .character("m"))
            _ = render(small, theme: Theme(capability: .basic8))
        }
    }

    @Test func helpListsTheBookmarkKeys() {
        let help = Keymap.helpLines()
        #expect(help.contains { $0.keys == "m" && $0.summary.hasPrefix("bookmark this place") })
        #expect(help.contains { $0.keys == "'" && $0.summary.hasPrefix("list bookmarks") })
        #expect(help.contains { $0.keys == "d" && $0.summary.hasPrefix("delete the selected bookmark") })
    }
}
