import IskraCore
import TextUI

// The Timeline in the reducer: the dates arriving, opening one, going to a typed year, and
// narrowing the list to the paragraphs that name a person.

/// The book's dates are in: the Timeline fills, the Chapters list shows each chapter's span
/// of event years (and measures its rows again).
func datesArrived(_ dates: BookDates, _ state: inout AppState) {
    let anchor = state.readerAnchor
    state.dates = dates
    state.chapterSpans = state.document.chapters.indices.map { index in
        dates.eventYears(inChapter: index, of: state.book).map(BookDates.spanText)
    }
    derivedDataArrived(&state, anchor: anchor)
}

/// Enter on a date: its passage, the date highlighted; the Timeline stays in the navigator
/// so the next date is one key away.
func openDate(_ state: inout AppState, _ index: Int) {
    guard let date = state.dates?.dates[index] else { return }
    jump(&state, unit: date.unit, range: date.range, remember: true)
    state.tab = .timeline
    if let row = state.timelineList.rows.firstIndex(of: index) { state.timelineList.selection = row }
    state.notice = date.kind == .event ? nil
        : date.kind == .source ? "A source's date: when it was written" : "A work's year of publication, not of the events"
}

/// Digits on the Timeline: the year being typed, the list going to its first date as each
/// digit comes (1, 19, 190, 1905). Returns false when the key is not a digit.
func typeYear(_ key: Key, _ state: inout AppState) -> Bool {
    guard case .character(let character) = key, character.isASCII, character.isNumber else { return false }
    // A year begins with 1 or 2: another first digit is the list key it always is (3, 4).
    // After a whole year, a digit begins the next.
    let starting = state.typedYear.isEmpty || state.typedYear.count == 4
    if starting && character != "1" && character != "2" { return false }
    state.typedYear = (starting ? "" : state.typedYear) + String(character)
    goToTypedYear(&state)
    return true
}

func goToTypedYear(_ state: inout AppState) {
    guard let dates = state.dates, !state.typedYear.isEmpty else { return }
    let rows = state.timelineList.rows
    let typed = state.typedYear
    // The first date whose year starts with the digits; a full year with no date goes to the
    // next year that has one.
    let first = rows.firstIndex { String(dates.dates[$0].key.year).hasPrefix(typed) }
        ?? (typed.count == 4 ? rows.firstIndex { dates.dates[$0].key.year > Int(typed)! } : nil)
    guard let first else {
        state.notice = "No date from \(typed)\(typed.count < 4 ? "…" : "") on the Timeline"
        return
    }
    // The year's first row at the top of the list, and selected its first event (what
    // happened then) rather than a work published that year.
    let year = dates.dates[rows[first]].key.year
    let row = rows[first...].prefix { dates.dates[$0].key.year == year }.firstIndex { dates.dates[$0].kind == .event }
        ?? first
    state.timelineList.selection = row
    state.timelineList.offset = first
    keepSelectionVisible(&state)
    if typed.count == 4 && year != Int(typed) { state.notice = "No date in \(typed); the next is in \(year)" }
}

/// `t` on a person's card (or the People list): the Timeline of the paragraphs naming them.
func openPersonTimeline(_ state: inout AppState, _ person: Int) {
    guard state.dates != nil else {
        state.notice = "Still reading the book's dates"
        return
    }
    state.timelinePerson = person
    state.typedYear = ""
    state.tab = .timeline
    state.focus = .navigator
    state.timelineList.selection = 0
    refreshList(&state, .timeline)
    let name = state.book.people.people[person].name
    state.notice = state.timelineList.rows.isEmpty ? "No dated paragraph names \(name)" : nil
}

/// Esc on the Timeline: the typed year, then the person it is narrowed to. False when
/// neither was set.
func clearTimelineNarrowing(_ state: inout AppState) -> Bool {
    if !state.typedYear.isEmpty {
        state.typedYear = ""
        return true
    }
    if state.timelinePerson != nil {
        state.timelinePerson = nil
        refreshList(&state, .timeline)
        state.notice = "Every person's dates again"
        return true
    }
    return false
}

// MARK: Rows

/// A Timeline row: the year (on the first of its dates only), day and month, the clause
/// around the date (a source's date and a publication year say so), its place on the right;
/// narrowed to a person with a birth date, their age.
func timelineRow(_ state: AppState, _ dates: BookDates, _ index: Int, previous: Int?, person: Person?,
                 width: Int, _ theme: Theme) -> [Span] {
    let date = dates.dates[index]
    let year = previous.map { dates.dates[$0].key.year } == date.key.year ? "    " : String(date.key.year)
    // "7 Nov", " Nov" or nothing: the date's short form without its year, right-aligned.
    let short = date.key.short
    let dayMonth = String(short.dropLast(String(date.key.year).count)).trimmingSpaces
    let padded = String(repeating: " ", count: max(0, 6 - dayMonth.count)) + dayMonth
    let kind = switch date.kind {
    case .event: ""
    case .source: "source · "
    case .publication: "published · "
    }
    let age = date.kind == .event ? person?.age(at: date.key).map { "aged \($0.text) · " } ?? "" : ""
    let place: String = switch date.container {
    case .chapter(let chapter): state.book.document.shortChapterLabel(chapter)
    case .source(let source): "Src \(state.document.sources[source].number)"
    case .front, .sourcesIntro: ""
    }
    if width < 40 {
        // Narrow: the year, then the day and month with the words; no place (Enter shows it).
        let room = max(1, width - 6)
        let text = VisibleText.truncate((dayMonth.isEmpty ? "" : dayMonth + " ") + kind
                                        + contextWindow(date, width: room - DisplayWidth.of(dayMonth) - 1), toWidth: room)
        return [Span(" ", style: theme.style(.listRow)), Span(year, style: theme.style(.listCurrentMarker)),
                Span(" " + text, style: theme.style(date.kind == .event ? .listRow : .listRowDim))]
    }
    let fixed = 1 + 4 + 1 + 6 + 1
    let room = max(1, width - fixed - DisplayWidth.of(place) - 1)
    let prefix = kind + age
    let context = VisibleText.truncate(prefix + contextWindow(date, width: room - DisplayWidth.of(prefix)), toWidth: room)
    return [Span(" ", style: theme.style(.listRow)),
            Span(year, style: theme.style(.listCurrentMarker)),
            Span(" " + padded + " ", style: theme.style(.listRowDim)),
            Span(context, style: theme.style(date.kind == .event ? .listRow : .listRowDim)),
            Span(String(repeating: " ", count: max(0, room - DisplayWidth.of(context))) + " " + place, style: theme.style(.listRowDim))]
}

/// The clause around a date, cut to `width` so the date's own words show: a narrow row starts
/// a few words before them rather than at the clause's start.
func contextWindow(_ date: DatedPassage, width: Int) -> String {
    let context = VisibleText.sanitize(date.context)
    guard DisplayWidth.of(context) > width, let found = context.firstRange(of: date.text) else { return context }
    // About a third of the room before the date, from a word's start.
    var start = found.lowerBound
    var before = 0
    while start > context.startIndex && before < max(0, width / 3) {
        start = context.index(before: start)
        before += 1
    }
    while start > context.startIndex && context[context.index(before: start)] != " " { start = context.index(before: start) }
    guard start > context.startIndex else { return context }
    return "…" + context[start...]
}
