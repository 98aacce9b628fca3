import IskraCore
import Testing
import TextUI
@testable import Explorer

/// What a new user meets in the first minutes (issue 10): where the focus is, lists that
/// filter and sort whichever is shown, a navigator that follows the reader, a status bar that
/// describes the present, and a navigator as wide as its titles.
@Suite("Reducer and views: the first minutes")
struct FirstMinutesTests {
    let mono = Theme(capability: .monochrome)

    func rows(_ state: AppState) -> [String] {
        let text = render(state, theme: mono).snapshot()
        return Array(text.components(separatedBy: "\n").dropFirst().prefix(state.size.height))
    }

    func index(of name: String, _ state: AppState) -> Int {
        state.book.people.people.firstIndex { $0.name == name }!
    }

    // MARK: Focus

    @Test(arguments: [(120, 40), (80, 24), (60, 15)])
    func theFocusedPaneIsMarkedEvenInMonochrome(width: Int, height: Int) {
        var state = Fixtures.state(width, height)
        #expect(state.focus == .navigator)
        var frame = render(state, theme: mono)
        let header = state.geometry.tabBar.y
        // The navigator's tab row is a reversed bar; the reader's title row is not.
        #expect(frame[state.geometry.tabBar.maxX - 1, header].style.attributes.contains(.reverse))
        if state.geometry.showsReader {
            #expect(!frame[state.geometry.readerHeader.maxX - 1, header].style.attributes.contains(.reverse))
        }
        #expect(rows(state)[height - 1].contains("Chapters list"))

        send(&state, .tab)
        frame = render(state, theme: mono)
        let readerHeader = state.geometry.readerHeader
        #expect(frame[readerHeader.maxX - 1, readerHeader.y].style.attributes.contains(.reverse))
        #expect(rows(state)[readerHeader.y].contains("▌Chapter 1/25 · Opening"))
        if state.geometry.showsNavigator {
            #expect(!frame[state.geometry.tabBar.maxX - 1, header].style.attributes.contains(.reverse))
        }
        #expect(rows(state)[height - 1].contains("Reader"))
    }

    // MARK: Lists

    @Test func sSortsTheSourcesByNumberDateAndAuthor() {
        var state = Fixtures.state(120, 40)
        let sources = state.document.sources
        // Dates and authors as the sources' metadata reads them from every header form.
        let entries = Fixtures.catalog.entries
        send(&state, .character("3"), .character("s"))
        #expect(state.sourceList.order == .date && state.notice == "Sources by date")
        let dated = state.sourceList.rows.prefix { entries[$0].date != nil }
        let keys = dated.map { entries[$0].date!.key }
        #expect(keys == keys.sorted())
        #expect(dated.count == entries.filter { $0.date != nil }.count && dated.count >= 32)
        // The first is Martov's letter of 1903, the undated ones come last in book order.
        #expect(sources[state.sourceList.rows[0]].number == 2)
        let undated = Array(state.sourceList.rows.dropFirst(dated.count))
        #expect(undated == undated.sorted())

        send(&state, .character("s"))
        #expect(state.sourceList.order == .author)
        let authors = state.sourceList.rows.compactMap { entries[$0].author }
        #expect(authors.first == "Robin Page Arnot")
        #expect(authors.last == "Bertram D. Wolfe")
        #expect(state.sourceList.rows.suffix(sources.count - authors.count).allSatisfy { entries[$0].author == nil })
        // Sentence headers have authors too: Lenin's message sorts with the L's.
        #expect(authors.contains("Lenin") && authors.count > sources.count * 3 / 4)

        send(&state, .character("s"))
        #expect(state.sourceList.order == .book && state.sourceList.rows == Array(sources.indices))
    }

    @Test func sortingKeepsTheSelectedItemSelected() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("3"), .down, .down, .down, .down)
        let selected = state.sourceList.selectedItem
        send(&state, .character("s"))
        #expect(state.sourceList.selectedItem == selected)
    }

    @Test func fFiltersTheListShownNotThePeopleList() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("3"), .character("f"))
        #expect(state.tab == .sources && state.sourceList.isFiltering)
        for key in typed("gorky") { send(&state, key) }
        #expect(state.sourceList.rows.map { state.document.sources[$0].number } == [7, 8])
        #expect(rows(state).contains { $0.contains("filter: gorky") && $0.contains("2 of 44") })
        send(&state, .enter)
        #expect(state.page == .source(6) && state.focus == .reader)

        var chapters = Fixtures.state(120, 40)
        send(&chapters, .character("f"))
        for key in typed("death") { send(&chapters, key) }
        let titles = chapters.chapterList.rows.map { chapters.document.chapters[$0].title ?? "" }
        #expect(titles == ["The Death of Lenin", "Death of Sergy Kirov", "Death of Lev Sedov", "The Death of Leon Trotsky"])
        #expect(chapters.personList.filter.isEmpty && chapters.tab == .chapters)
        // Esc clears it, the whole list is back.
        send(&chapters, .escape)
        #expect(chapters.chapterList.rows.count == 25)
    }

    @Test func chaptersStayInBookOrderAndSSaysSo() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("s"))
        #expect(state.tab == .chapters && state.chapterList.order == .book)
        #expect(state.notice == "Chapters are in book order; f filters them")
    }

    @Test func theHelpListsFilterAndSortForEveryList() {
        let help = Keymap.helpLines()
        #expect(help.contains { $0.keys == "f" && $0.summary.hasPrefix("filter the list shown") })
        #expect(help.contains { $0.keys == "s" && $0.summary.contains("Sources by number, date or author") })
    }

    // MARK: The navigator follows the reader

    @Test func aSourceOpenedFromSearchIsSelectedInTheSourcesList() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("/"))
        for key in typed("\"suicide letter\"") { send(&state, key) }
        send(&state, .enter)
        guard case .source(let index) = state.page else {
            Issue.record("search did not open a source: \(state.page)")
            return
        }
        #expect(state.tab == .sources && state.sourceList.selectedItem == index)
        #expect(rows(state).contains { $0.hasPrefix("▸") && $0.contains("Joffe: suicide letter") })
        // Back in a chapter, the Chapters list shows it.
        send(&state, .character("h"))
        #expect(state.tab == .chapters && state.chapterList.selectedItem == 0)
    }

    @Test func aChapterHiddenByTheFilterClearsItWhenOpened() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("f"))
        for key in typed("death") { send(&state, key) }
        send(&state, .enter)
        #expect(state.page == .chapter(15))
        send(&state, .character("["))
        #expect(state.page == .chapter(14) && state.chapterList.filter.isEmpty && state.chapterList.selectedItem == 14)
    }

    // MARK: The status bar

    @Test func theHitCounterGoesWithTheHit() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("/"))
        for key in typed("kronstadt") { send(&state, key) }
        send(&state, .enter)
        #expect(rows(state)[39].contains("passage 1/"))
        let page = state.page
        while state.page == page { send(&state, .character("]")) }
        #expect(!rows(state)[39].contains("passage "))
        // n brings it back, on the next hit's page.
        send(&state, .character("n"))
        #expect(rows(state)[39].contains("passage 2/"))
    }

    @Test func thePersonCounterStaysOnTheCardAndTheMention() {
        var state = Fixtures.state(120, 40)
        let stalin = index(of: "Joseph Stalin", state)
        send(&state, .character("2"))
        while state.personList.selectedItem != stalin { send(&state, .down) }
        send(&state, .enter)
        #expect(rows(state)[39].contains("Joseph Stalin: "))
        send(&state, .enter)
        #expect(rows(state)[39].contains("Joseph Stalin 1/"))
        send(&state, .character("]"))
        #expect(!rows(state)[39].contains("Stalin"))
    }

    @Test func oneHitIsSingularOnTheSearchLine() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("/"))
        for key in typed("\"lunarcharsky wrote\"") { send(&state, key) }
        let count = state.search?.results?.count
        #expect(count == 1)
        #expect(rows(state)[39].contains("1 hit ") && !rows(state)[39].contains("1 hits"))
    }

    // MARK: The navigator's width

    @Test func aWideTerminalGivesTitlesTheRoom() {
        // With the chapters' spans of years, the longest title shows whole from 140 columns;
        // at 120 it gives way to its years, which are never cut.
        let state = Fixtures.state(140, 40)
        let longest = "People's Commissar for Foreign Affairs"
        #expect(state.geometry.navigatorWidth > 38)
        #expect(rows(state).contains { $0.contains(longest) && $0.contains("1915–1917") })
        #expect(rows(Fixtures.state(120, 40)).contains { $0.contains("People's Commissar for") && $0.contains("… 1915–1917") })
        // The reader keeps a comfortable column.
        #expect(state.geometry.readerTextWidth >= ExplorerGeometry.comfortableTextWidth)
        // Very wide: past the reader's widest column the sources' headers get the rest.
        var wide = Fixtures.state(220, 40)
        send(&wide, .character("3"))
        #expect(wide.geometry.readerTextWidth == ExplorerGeometry.maxTextWidth)
        #expect(rows(wide).contains { $0.contains("Trotsky: My Life     ") && $0.contains(" 1930") })
    }

    @Test func lessAndMoreMoveTheDivider() {
        var state = Fixtures.state(120, 40)
        let width = state.geometry.navigatorWidth
        let anchor = state.readerAnchor
        send(&state, .character("<"))
        #expect(state.geometry.navigatorWidth == width - 4)
        #expect(state.reader.width == state.geometry.readerTextWidth && state.readerAnchor == anchor)
        send(&state, .character(">"), .character(">"))
        #expect(state.geometry.navigatorWidth == width + 4)
        for _ in 0..<40 { send(&state, .character(">")) }
        #expect(state.notice == "The reader needs the rest of the screen")
        #expect(state.geometry.reader.width >= ExplorerGeometry.minimumReaderWidth)
        for _ in 0..<40 { send(&state, .character("<")) }
        #expect(state.notice == "The navigator is as narrow as it goes")
        // One pane at a time: nothing to move.
        var narrow = Fixtures.state(60, 15)
        send(&narrow, .character(">"))
        #expect(narrow.notice?.hasPrefix("One pane at a time") == true)
    }
}

/// What a second new-user trial tripped on, each pinned.
@Suite("Reducer and views: second trial")
struct SecondTrialTests {
    let mono = Theme(capability: .monochrome)

    func rows(_ state: AppState) -> [String] {
        let text = render(state, theme: mono).snapshot()
        return Array(text.components(separatedBy: "\n").dropFirst().prefix(state.size.height))
    }

    @Test func theStatusBarGivesTheFileLineAtTheTopOfTheReader() {
        var state = Fixtures.state(120, 40)
        send(&state, .down, .down, .enter)
        for _ in 0..<9 { send(&state, .character("j")) }
        let line = readerTopLine(state)
        let top = state.reader.lines[state.readerTop...].first { $0.unit != nil }!
        #expect(line == state.book.units[top.unit!].paragraph.position(ofScalarOffset: top.range.lowerBound).line)
        #expect(rows(state)[39].contains("· line \(line!) "))
    }

    @Test func overlaysShowTheirOwnHints() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("'"))
        #expect(rows(state)[39].contains("Bookmarks: ") && !rows(state)[39].contains("Chapters list"))
        send(&state, .escape, .tab, .character("p"))
        #expect(rows(state)[39].contains("Named here: "))
        send(&state, .escape, .character("?"))
        #expect(rows(state)[39].contains("Help: "))
    }

    @Test func aOnePaneListSaysWhereItsCursorIs() {
        var state = Fixtures.state(60, 15)
        send(&state, .character("3"), .down, .down)
        #expect(rows(state)[14].hasPrefix(" Sources 3/44 "))
    }

    @Test func aSortedListNamesItsOrderAboveItsRows() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("3"), .character("s"))
        let list = state.geometry.list
        #expect(rows(state)[list.y].contains("by date, undated last"))
        #expect(listRowsRect(state, .sources).y == list.y + 1)
        // The notice goes with the next key; the caption stays.
        send(&state, .down)
        #expect(rows(state)[list.y].contains("by date, undated last"))
        send(&state, .character("s"), .character("s"))
        #expect(!rows(state)[list.y].contains("by ") && listRowsRect(state, .sources).y == list.y)
    }

    @Test func sourceRowsKeepTheirDatesWholeAtEightyColumns() {
        var state = Fixtures.state(80, 24)
        send(&state, .character("3"), .character("s"))
        let shown = rows(state)
        // The year in a column of its own, never cut, the title giving way: "1903", "2009".
        #expect(shown.contains { $0.contains(" 2 Martov: letter") && $0.contains("… 1903") })
        for _ in 0..<31 { send(&state, .down) }
        #expect(rows(state).contains { $0.contains(" Montefiore: ") && $0.contains(" 2009") })
        #expect(rows(state).contains { $0.contains(" Cannon: speech ") && $0.contains(" 1940") })
        // Trotsky's works by their titles, his last name standing for him.
        send(&state, .character("s"))
        #expect(rows(state).contains { $0.contains(" Trotsky: ") && !$0.contains("Leon Trotsky: ") })
    }

    @Test func aFilterClearedToFollowTheReaderSaysSo() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("f"))
        for key in typed("death") { send(&state, key) }
        send(&state, .enter, .character("]"))
        #expect(state.notice?.hasPrefix("Filter \u{201C}death\u{201D} cleared") == true)
    }

    @Test func backFromSharedPassagesPutsTheCursorOnThatPersonsRow() {
        var state = Fixtures.state(80, 24)
        let lenin = openCard(&state, of: "Vladimir Lenin")
        while case .page? = state.reader.lines[state.readerCursor!].target { send(&state, .down) }
        send(&state, .down, .down)
        guard case .shared(let other)? = state.reader.lines[state.readerCursor!].target else {
            Issue.record("the cursor is not on a Named with row")
            return
        }
        send(&state, .enter)
        #expect(state.page == .shared(lenin, with: other))
        send(&state, .character("h"))
        #expect(state.page == .person(lenin))
        #expect(state.reader.lines[state.readerCursor!].target == .shared(with: other))
    }

    @Test func theStepCounterNamesItsSearch() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("/"))
        for key in typed("kronstadt") { send(&state, key) }
        send(&state, .enter)
        // Another search, left with Esc: n still steps the first, and says which.
        send(&state, .character("/"))
        for key in typed("stalin son") { send(&state, key) }
        send(&state, .escape)
        #expect(rows(state)[39].contains("kronstadt: passage 1/"))
    }
}
