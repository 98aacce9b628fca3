import IskraCore
import Testing
import TextUI
@testable import Explorer

@Suite("Reducer: people and search")
struct PeopleAndSearchReducerTests {
    let book = Fixtures.book

    func person(named name: String) -> Int {
        book.people.people.firstIndex { $0.name == name } ?? -1
    }

    @Test func searchWhileTheIndexIsBuiltWaitsForNothing() {
        var state = AppState(book: book, size: Size(width: 120, height: 40))
        send(&state, .character("/"))
        for key in typed("kron") { send(&state, key) }
        #expect(state.search?.waitingForIndex == true && state.search?.results == nil)
        let waiting = render(state, theme: Theme(capability: .monochrome)).snapshot()
        #expect(waiting.contains("Indexing the book for search…"))
        #expect(waiting.contains("indexing…"))
        _ = reduce(&state, .searchReady(Fixtures.search))
        #expect(state.bookSearch != nil && state.search?.waitingForIndex == false)
        #expect(state.search?.results?.count == Fixtures.search.index.search("kron").count)
        #expect(render(state, theme: Theme(capability: .monochrome)).snapshot().contains("hits in"))
        // Enter while it indexes says so, keeps the query, and opens the first hit once ready.
        var early = AppState(book: book, size: Size(width: 120, height: 40))
        send(&early, .character("/"))
        for key in typed("kron") { send(&early, key) }
        send(&early, .enter)
        #expect(early.search?.query == "kron" && early.notice?.hasPrefix("Still indexing") == true)
        _ = reduce(&early, .searchReady(Fixtures.search))
        #expect(early.search == nil && early.stepping == .search(passage: 0))
    }

    @Test func peopleListIsSortedByMentionsAndTogglesToAlphabetical() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("2"))
        let names = state.personList.rows.prefix(3).map { book.people.people[$0].name }
        #expect(names == ["Leon Trotsky", "Vladimir Lenin", "Joseph Stalin"])
        #expect(state.personList.rows.count == book.people.people.count)
        send(&state, .character("s"))
        #expect(state.personList.order == .name)
        // Sorted by surname: "Pavel Axelrod" comes before "Nikolai Bukharin".
        let sorted = state.personList.rows.map { book.people.people[$0].name }
        let axelrod = sorted.firstIndex(of: "Pavel Axelrod"), bukharin = sorted.firstIndex(of: "Nikolai Bukharin")
        #expect(axelrod != nil && bukharin != nil && axelrod! < bukharin!)
        send(&state, .character("s"))
        #expect(state.personList.order == .mentions)
    }

    @Test func typingFiltersThePeopleList() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("2"), .character("f"))
        #expect(state.personList.isFiltering)
        for key in typed("sedov") { send(&state, key) }
        let names = Set(state.personList.rows.map { book.people.people[$0].name })
        #expect(names == ["Lev Sedov", "Natalia Sedova", "Sergei Sedov"])
        send(&state, .backspace)
        #expect(state.personList.filter == "sedo")
        send(&state, .enter)
        #expect(!state.personList.isFiltering)
        #expect(state.page == .person(state.personList.rows[0]))
        send(&state, .character("2"), .escape)
        #expect(state.personList.filter.isEmpty)
        #expect(state.personList.rows.count == book.people.people.count)
    }

    @Test func threeKeysFromTheListToEveryMention() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("2"), .down, .enter)
        let lenin = person(named: "Vladimir Lenin")
        #expect(state.page == .person(lenin))
        let mentionLines = state.reader.lines.filter { if case .mention = $0.target { return true } else { return false } }
        #expect(mentionLines.count == book.people.mentionCount(of: lenin))
        #expect(state.readerCursor == state.reader.selectableLines.first)
    }

    @Test func enterOnAMentionOpensItHighlightedAndNStepsThroughMentions() {
        var state = Fixtures.state(120, 40)
        let stalin = person(named: "Joseph Stalin")
        send(&state, .character("2"), .down, .down, .enter)
        #expect(state.page == .person(stalin))
        send(&state, .enter)
        let mentions = book.people.mentions(of: stalin)
        let first = mentions[0]
        #expect(state.page == book.page(ofUnit: first.unit))
        #expect(state.focusSpan == FocusSpan(unit: first.unit, range: first.offset..<(first.offset + first.length)))
        #expect(state.stepping == .person(stalin, mention: 0))
        // The focused mention is on screen.
        let line = state.reader.line(containing: first.offset, inUnit: first.unit) ?? -1
        #expect(line >= state.readerTop && line < state.readerTop + state.readerHeight)
        send(&state, .character("n"))
        #expect(state.stepping == .person(stalin, mention: 1))
        #expect(state.focusSpan?.unit == mentions[1].unit)
        send(&state, .character("N"), .character("N"))
        #expect(state.stepping == .person(stalin, mention: mentions.count - 1))
        #expect(state.notice == "Mentions of Joseph Stalin wrapped to the last")
        // Back goes to the card.
        send(&state, .backspace)
        #expect(state.page == .person(stalin))
    }

    @Test func peopleOnScreenOpensACard() {
        var state = Fixtures.state(120, 40)
        send(&state, .down, .enter, .character("p"))
        guard case .peopleOnScreen(let people, 0)? = state.overlay else {
            Issue.record("no overlay")
            return
        }
        // Chapter 2 opens with "After escaping Leon Trotsky met Natalia Sedova."
        #expect(people.prefix(2).map { book.people.people[$0].name } == ["Leon Trotsky", "Natalia Sedova"])
        send(&state, .down, .enter)
        #expect(state.overlay == nil)
        #expect(state.page == .person(person(named: "Natalia Sedova")))
    }

    @Test func liveSearchUpdatesOnEveryKeystrokeAndEscReturns() {
        var state = Fixtures.state(120, 40)
        send(&state, .down, .down, .enter, .character("j"))
        let before = state.place
        send(&state, .character("/"))
        var counts: [Int] = []
        for key in typed("kron") {
            send(&state, key)
            counts.append(state.search?.results?.count ?? 0)
        }
        // "k" matches more than "kron", and "kron" finds Kronstadt's 28 hits before the word is finished.
        #expect(counts.first! > counts.last!)
        #expect(counts.last == 28)
        #expect(state.search?.results?.summary == "28 hits in 18 passages · 1 chapter, 2 sources")
        send(&state, .escape)
        #expect(state.search == nil)
        #expect(state.place == before)
    }

    @Test func enterOpensAPassageAndNStepsThroughPassagesWrappingWithANotice() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("/"))
        for key in typed("kron") { send(&state, key) }
        send(&state, .down, .enter)
        let results = try! #require(state.activeResults)
        #expect(results.passageCount == 18)
        #expect(state.stepping == .search(passage: 1))
        let first = results[results.hitRange(ofPassage: 1).lowerBound]
        #expect(state.page == book.page(ofUnit: first.unit))
        #expect(state.focusSpan == FocusSpan(unit: first.unit, range: first.offset ..< (first.offset + first.length)))
        #expect(state.searchHistory == ["kron"])
        for _ in 0..<16 { send(&state, .character("n")) }
        #expect(state.stepping == .search(passage: 17))
        send(&state, .character("n"))
        #expect(state.stepping == .search(passage: 0))
        #expect(state.notice == "Search wrapped to the first passage")
        send(&state, .character("N"))
        #expect(state.stepping == .search(passage: 17) && state.notice == "Search wrapped to the last passage")
        send(&state, .escape)
        #expect(state.activeResults == nil && state.stepping == nil)
    }

    /// `permanent revolution` finds 25 words in 6 paragraphs: one row per paragraph, each with
    /// every hit in view highlighted; Enter opens one, and n steps to the next paragraph with
    /// all its hits styled as current.
    @Test func searchSpeaksInPassages() throws {
        var state = Fixtures.state(120, 40)
        send(&state, .character("/"))
        for key in typed("permanent revolution") { send(&state, key) }
        let session = try #require(state.search)
        let results = try #require(session.results)
        #expect(results.count == 25 && results.passageCount == 6)
        let rows = (0 ..< session.rows.count).map { session.rows[$0] }
        #expect(rows.filter { if case .passage = $0 { true } else { false } } == (0 ..< 6).map { .passage($0) })
        #expect(rows.filter { if case .group = $0 { true } else { false } }.count == results.groups.count)
        let theme = Theme(capability: .monochrome)
        let frame = render(state, theme: theme)
        let text = frame.snapshot()
        #expect(text.contains("25 hits in 6 passages · 2 chapters, 4 sources"))
        #expect(text.contains("25 hits in 6 passages  ↑↓ choose"))
        // The chapter's paragraph at line 70 holds 5 hits: its row says so and highlights the
        // ones in view, not only the first: the third is 90 characters on, and the stretch
        // before it is cut to bring it into the row.
        #expect(text.contains("1 passage, 5 hits · Chapter 5 · Leon Trotsky exiled to Siberia"))
        let lines = text.components(separatedBy: "\n").dropFirst()
        let y = try #require(lines.firstIndex { $0.contains("  70 ×5") }) - 1
        let hitStyle = theme.style(.reader(.hit))
        var highlighted: [String] = []
        var word = ""
        for x in 0 ..< frame.size.width {
            let cell = frame[x, y]
            if cell.style.attributes.isSuperset(of: hitStyle.attributes) && cell.style.foreground == hitStyle.foreground
                && cell.grapheme != " " {
                word += cell.grapheme
            } else if !word.isEmpty {
                highlighted.append(word)
                word = ""
            }
        }
        #expect(highlighted.starts(with: ["Permanent", "Revolution", "permanent"]))
        #expect(lines[y + 1].contains("Permanent Revolution: … "))
        // Enter on the first passage: the paragraph with its first hit in view; n goes to the
        // next paragraph, and every hit in it is current.
        send(&state, .enter)
        #expect(state.stepping == .search(passage: 0))
        send(&state, .character("n"))
        let unit = results.unit(ofPassage: 1)
        #expect(state.stepping == .search(passage: 1) && state.page == book.page(ofUnit: unit))
        let current = overlays(state, unit: unit, range: 0 ..< book.units[unit].text.unicodeScalars.count).filter { $0.role == .currentHit }.map(\.range)
        #expect(Set(current) == Set(results.hits(inUnit: unit).map { $0.offset ..< ($0.offset + $0.length) }))
        #expect(overlays(state, unit: results.unit(ofPassage: 0), range: 0 ..< book.units[results.unit(ofPassage: 0)].text.unicodeScalars.count).allSatisfy { $0.role != .currentHit })
        #expect(render(state, theme: theme).snapshot().contains(": passage 2/6 "))
    }

    @Test func upInAnEmptySearchLineRecallsHistory() {
        var state = Fixtures.state(120, 40)
        for query in ["lenin", "kronstadt"] {
            send(&state, .character("/"))
            for key in typed(query) { send(&state, key) }
            send(&state, .enter)
        }
        send(&state, .character("/"), .up)
        #expect(state.search?.query == "kronstadt")
        send(&state, .up)
        #expect(state.search?.query == "lenin")
        // Down goes into the results of the recalled query rather than further through history.
        let first = state.search?.rows.firstSelectable
        send(&state, .down)
        #expect(state.search?.query == "lenin")
        #expect(state.search?.historyIndex == nil)
        #expect(state.search?.selection != first)
        // Up from below the first result moves the selection, not the history.
        send(&state, .up)
        #expect(state.search?.query == "lenin")
        #expect(state.search?.selection == first)
    }

    @Test func matchingPeopleComeFirstAndOpenTheirCard() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("/"))
        for key in typed("sedov") { send(&state, key) }
        let session = try! #require(state.search)
        #expect(session.rows[0] == .summary)
        #expect(session.rows[1] == .person(0))
        #expect(session.selection == 1)
        send(&state, .enter)
        guard case .person(let index) = state.page else { Issue.record("no card"); return }
        #expect(book.people.people[index].name.contains("Sedov"))
    }
}


@Suite("Reducer: person card scrolling")
struct PersonCardScrollingTests {
    @Test(arguments: [(80, 24), (60, 15)])
    func topOfTheCardIsReachableAtAnySize(width: Int, height: Int) {
        var state = Fixtures.state(width, height)
        send(&state, .character("2"), .enter)
        #expect(state.readerTop == 0)
        #expect(state.reader.lines[1].parts.first?.text == "Leon Trotsky")
        for _ in 0..<10 { send(&state, .character("j")) }
        #expect(state.readerTop > 0)
        send(&state, .character("g"))
        #expect(state.readerTop == 0)
        #expect(state.readerCursor == state.reader.selectableLines.first)
        // k on the first mention scrolls the card up line by line.
        send(&state, .character("j"), .character("k"))
        let top = state.readerTop
        send(&state, .character("k"))
        #expect(state.readerTop == max(0, top - 1))
    }

    @Test func helpScrollsToItsEndAndBack() {
        var state = Fixtures.state(80, 24)
        send(&state, .character("?"), .character("G"))
        #expect(state.overlay == .help(scroll: maxHelpScroll(state)))
        #expect(maxHelpScroll(state) > 0)
        send(&state, .character("g"))
        #expect(state.overlay == .help(scroll: 0))
    }
}

@Suite("Search: people matched while typing")
struct IncrementalPeopleTests {
    /// Typing letter by letter narrows the people matched from the previous keystroke; the
    /// answer must be the one a fresh search gives, including when a word turns into a scope.
    @Test(arguments: ["lenin in:sources", "sedov -lev", "\"leon t", "Trotsky", "lev s", "in:chapters kamenev", "natalia sed"])
    func typedEqualsFresh(query: String) {
        var state = Fixtures.state(120, 40)
        send(&state, .character("/"))
        for key in typed(query) { send(&state, key) }
        var fresh = SearchSession(returnPlace: state.place, returnFocus: .navigator)
        fresh.query = query
        fresh.update(book: Fixtures.book, search: Fixtures.search)
        #expect(state.search?.people == fresh.people, "\(query)")
        #expect(state.search?.results?.count == fresh.results?.count, "\(query)")
    }
}
