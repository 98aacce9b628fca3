import IskraCore
import Testing
import TextUI
@testable import Explorer

/// The Timeline in the explorer, on the bundled book's dates.
@Suite("The Timeline: dates in order, a year typed, a person's dates")
struct TimelineViewTests {
    let book = Fixtures.book
    let dates = Fixtures.dates
    let mono = Theme(capability: .monochrome)

    func rows(_ state: AppState) -> [String] { screenRows(state) }

    func person(_ name: String) -> Int { book.people.people.firstIndex { $0.name == name }! }

    @Test func whatHappenedIn1905InThreeKeysAndThePassageOpens() throws {
        var state = Fixtures.state(120, 40)
        send(&state, .character("4"))
        #expect(state.tab == .timeline && state.timelineList.rows.count == dates.dates.count)
        // In time order, each year once.
        let keys = state.timelineList.rows.map { dates.dates[$0].key }
        #expect(keys == keys.sorted())
        for key in typed("1905") { send(&state, key) }
        let selected = try #require(state.timelineList.selectedItem.map { dates.dates[$0] })
        #expect(selected.key.year == 1905 && selected.kind == .event)
        #expect(rows(state).contains { $0.contains("year 1905▏") })
        send(&state, .enter)
        #expect(state.focusSpan == FocusSpan(unit: selected.unit, range: selected.range))
        #expect(state.page == book.page(ofUnit: selected.unit))
        // The Timeline stays in the navigator, the next date one key away.
        #expect(state.tab == .timeline)
    }

    @Test func aYearWithNoDateGoesToTheNextAndThreeStillLeaves() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("4"))
        for key in typed("1910") { send(&state, key) }
        let year = state.timelineList.selectedItem.map { dates.dates[$0].key.year }
        #expect(year != nil && year! > 1910 && !dates.dates.contains { $0.key.year == 1910 })
        #expect(state.notice?.hasPrefix("No date in 1910; the next is in") == true)
        // 3 cannot begin a year here: it is the Sources list, as everywhere.
        send(&state, .character("3"))
        #expect(state.tab == .sources)
    }

    @Test func sShowsOneKindOfDateAtATime() {
        var state = Fixtures.state(120, 40)
        send(&state, .character("4"), .character("s"))
        #expect(state.notice == "Timeline: events only")
        #expect(state.timelineList.rows.allSatisfy { dates.dates[$0].kind == .event })
        send(&state, .character("s"))
        #expect(!state.timelineList.rows.isEmpty && state.timelineList.rows.allSatisfy { dates.dates[$0].kind == .source })
        #expect(rows(state).contains { $0.contains("source · ") })
        send(&state, .character("s"))
        #expect(!state.timelineList.rows.isEmpty && state.timelineList.rows.allSatisfy { dates.dates[$0].kind == .publication })
    }

    @Test func tOnACardNarrowsTheTimelineToThePersonWithTheirAge() throws {
        var state = Fixtures.state(120, 40)
        let trotsky = person("Leon Trotsky")
        openPerson(&state, trotsky)
        // The card's IN TIME rows give his age in each year the book dates with him.
        let first1905 = try #require(dates.dates(namingPerson: trotsky, people: book.people).first { $0.kind == .event && $0.key.year == 1905 })
        let age1905 = try #require(book.people.people[trotsky].age(at: first1905.key))
        #expect(state.reader.lines.contains { line in
            line.parts.count == 2 && line.parts[0].text == " 1905  " && line.parts[1].text.hasPrefix("aged \(age1905.text)  ")
        })
        send(&state, .character("t"))
        #expect(state.tab == .timeline && state.timelinePerson == trotsky)
        let units = Set(book.people.units(mentioning: trotsky))
        #expect(!state.timelineList.rows.isEmpty && state.timelineList.rows.allSatisfy { units.contains(dates.dates[$0].unit) })
        #expect(state.timelineList.rows.count < dates.dates.count)
        let shown = rows(state)
        #expect(shown[2].contains("dates naming Leon Trotsky"))
        for key in typed("1905") { send(&state, key) }
        let date = try #require(state.timelineList.selectedItem.map { dates.dates[$0] })
        let age = try #require(book.people.people[trotsky].age(at: date.key))
        #expect(rows(state).contains { $0.contains("aged \(age.text) · ") })
        // Esc: the typed year, then everyone's dates again.
        send(&state, .escape, .escape)
        #expect(state.timelinePerson == nil && state.timelineList.rows.count == dates.dates.count)
    }

    @Test func chaptersShowTheirYearsWhereTitlesKeepRoom() {
        var wide = Fixtures.state(120, 40)
        send(&wide, .character("1"))
        let span = BookDates.spanText(dates.eventYears(inChapter: 3, of: book)!)
        #expect(rows(wide).contains { $0.contains("The 1905 Russian Revolution") && $0.contains(span) })
        let narrow = Fixtures.state(80, 24)
        #expect(!rows(narrow).contains { $0.contains(span) })
    }

    @Test func beforeTheDatesArriveTheTimelineSaysSoAndCardsWait() {
        var state = AppState(book: book, size: Size(width: 120, height: 40), search: Fixtures.search, catalog: Fixtures.catalog)
        send(&state, .character("4"))
        #expect(state.timelineList.rows.isEmpty)
        openPerson(&state, person("Leon Trotsky"))
        send(&state, .character("t"))
        #expect(state.notice == "Still reading the book's dates")
        _ = reduce(&state, .datesReady(dates))
        #expect(state.timelineList.rows.count == dates.dates.count)
        #expect(state.reader.lines.contains { $0.parts.first?.text.hasPrefix("IN TIME") == true })
    }
}
