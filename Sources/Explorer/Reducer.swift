import IskraCore
import TextUI

/// The only way the explorer's state changes. Pure: no I/O, no clocks; what the runtime must
/// do is returned as effects.
public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
    let effects: [Effect]
    if case .inputs(let events) = action {
        effects = events.flatMap { step(&state, .input($0)) }
    } else {
        effects = step(&state, action)
    }
    // The search line's results catch up once, after everything typed so far.
    refreshSearch(&state)
    return effects
}

private func step(_ state: inout AppState, _ action: Action) -> [Effect] {
    let before = (state.page, state.readerTop)
    let effects = apply(action, &state)
    slideWindow(&state)
    if case .input(.resize) = action { return effects }
    // Once the reader moves, the next resize anchors to the new position.
    if before != (state.page, state.readerTop) { state.resizeAnchor = nil }
    return effects
}

private func refreshSearch(_ state: inout AppState) {
    guard var session = state.search, session.isStale else { return }
    session.update(book: state.book, search: state.bookSearch, catalog: state.evidence?.catalog)
    state.search = session
}

private func apply(_ action: Action, _ state: inout AppState) -> [Effect] {
    switch action {
    case .inputs(let events):
        return events.flatMap { apply(.input($0), &state) }
    case .input(.paste(let text)):
        state.notice = nil
        return paste(text, &state)
    case .command(let command):
        return perform(command, &state)
    case .input(.key(let key)):
        state.notice = nil
        // An overlay takes every key (the help can be open over the search line; no other
        // overlay opens while searching or filtering), then the search line, then the filter.
        switch state.overlay {
        case .help?: return helpKey(key, &state)
        case .peopleOnScreen?: return peopleOverlayKey(key, &state)
        case .bookmarkLabel?, .bookmarks?: return bookmarkKey(key, &state)
        case .links?: return linkChooserKey(key, &state)
        case .citation?: return citationKey(key, &state)
        case .noteText(let line, let target)?: return noteTextKey(key, line, target, &state)
        case nil: break
        }
        if let selection = state.textSelection, state.search == nil,
           let effects = selectionKey(key, selection, &state) { return effects }
        if state.split != nil, state.search == nil, let effects = splitKey(key, &state) { return effects }
        if state.search != nil { return searchKey(key, &state) }
        if state.currentList.isFiltering { return filterKey(key, &state) }
        if state.tab == .timeline && state.focus == .navigator && state.geometry.showsNavigator {
            // Digits type a year to go to; Backspace takes one back; any other key ends it.
            if typeYear(key, &state) { return [] }
            if key == .backspace && !state.typedYear.isEmpty {
                state.typedYear.removeLast()
                goToTypedYear(&state)
                return []
            }
            if key != .escape { state.typedYear = "" }
        }
        guard let command = Keymap.command(for: key) else { return [] }
        return perform(command, &state)
    case .input(.resize(let size)):
        resize(&state, to: size)
        return []
    case .input(.mouse(let event)):
        // A click on the "too small" message points at nothing.
        if state.geometry.isTooSmall { return [] }
        return mouse(event, &state)
    case .stored(let event):
        return stored(event, &state)
    case .searchReady(let search):
        state.bookSearch = search
        if var session = state.search, session.waitingForIndex {
            let open = session.openWhenReady
            session.update(book: state.book, search: search, catalog: state.evidence?.catalog)
            state.search = session
            // Enter was pressed while it indexed: do now what it asked for.
            if open { return searchKey(.enter, &state) }
        }
        return []
    case .sourcesReady(let catalog):
        sourcesArrived(catalog, &state)
        return []
    case .datesReady(let dates):
        datesArrived(dates, &state)
        return []
    case .copied(let done, let text):
        copied(done, text, &state)
        return []
    case .loadProgress, .loadingSlow, .bookLoaded, .bookPreview, .loadFailed:
        return [] // the book is open: these were for the loading screen (see ExplorerState)
    case .notice(let message):
        // Beside a notice already shown (a state file set aside), not instead of it.
        state.notice = state.notice.map { $0 + "; " + message } ?? message
        return []
    }
}

// MARK: Commands

private func perform(_ command: Command, _ state: inout AppState) -> [Effect] {
    switch command {
    case .quit:
        return [.quit]
    case .toggleHelp:
        state.overlay = state.overlay == nil ? .help(scroll: 0) : nil
    case .closeOverlay:
        if state.overlay != nil {
            state.overlay = nil
        } else if state.tab == .timeline && state.focus == .navigator && clearTimelineNarrowing(&state) {
            break
        } else if !state.currentList.filter.isEmpty && state.focus == .navigator {
            setFilter(&state, "")
        } else if state.activeResults != nil || state.stepping != nil || state.followedLink != nil {
            state.activeResults = nil
            state.focusSpan = nil
            state.followedLink = nil
            // On a card, n/N keep following its person; on a list of shared passages, them.
            switch state.page {
            case .person(let person): state.stepping = .person(person, mention: -1)
            case .shared(let person, let other): state.stepping = .shared(person, with: other, passage: -1)
            case .chapter, .source, .sourceCard: state.stepping = nil
            }
            state.notice = "Highlights cleared"
        }
    case .focusNextPane, .focusPreviousPane:
        state.focus = state.focus == .navigator ? .reader : .navigator
    case .showTab(let tab):
        state.tab = tab
        state.focus = .navigator
    case .redraw:
        return [.redrawAll]
    case .deleteBookmark where inNotesList(state), .undoDeleteBookmark where inNotesList(state):
        return notesListCommand(command, &state)
    case .addBookmark, .showBookmarks, .deleteBookmark, .undoDeleteBookmark:
        return bookmarkCommand(command, &state)
    case .addNote: addNote(&state)
    case .selectWords: startSelection(&state)
    case .editNote: editNote(&state)
    case .lineDown, .lineUp, .halfPageDown, .halfPageUp, .pageDown, .pageUp, .top, .bottom:
        if let delta = movementDelta(command, page: movementPage(state)) { move(&state, by: delta) }
    case .open:
        openSelection(&state)
    case .search:
        state.overlay = nil
        var session = SearchSession(returnPlace: state.place, returnFocus: state.focus)
        // The results are in the reader pane (the only pane on a narrow screen); Esc gives
        // the focus back.
        state.focus = .reader
        session.update(book: state.book, search: state.bookSearch, catalog: state.evidence?.catalog)
        state.search = session
    case .openCard: openCard(&state)
    case .copyCitation: return copyCitation(&state)
    case .toggleParagraphNumbers:
        let anchor = state.readerAnchor
        state.showsParagraphNumbers.toggle()
        relayout(&state, anchor: anchor, force: true)
        state.notice = state.showsParagraphNumbers
            ? "Paragraph numbers shown: the \u{B6} N that citations give (# hides them)" : "Paragraph numbers hidden"
    case .cycleCitationStyle:
        let styles = CitationStyle.allCases
        state.citationStyle = styles[((styles.firstIndex(of: state.citationStyle) ?? 0) + 1) % styles.count]
        state.notice = "Citations: \(state.citationStyle.label) (y copies)"
    case .personTimeline:
        if case .person(let person) = state.page, state.focus == .reader {
            openPersonTimeline(&state, person)
        } else if state.tab == .people, state.focus == .navigator, let person = state.currentList.selectedItem {
            openPersonTimeline(&state, person)
        } else {
            state.notice = "t: a person's dates, from their card or the People list"
        }
    case .followLink: followLink(&state)
    case .toggleSplit: toggleSplit(&state)
    case .nextMatch: step(&state, by: 1)
    case .previousMatch: step(&state, by: -1)
    case .peopleOnScreen:
        let people = peopleOnScreen(state)
        if people.isEmpty {
            state.notice = "Nobody is named on this screen"
        } else {
            state.overlay = .peopleOnScreen(people: people, selection: 0)
        }
    case .sortList:
        // The list in the navigator, whichever it is (from the reader too: it is on screen).
        state.focus = .navigator
        let orders = state.tab.orders
        guard orders.count > 1 else {
            state.notice = "\(state.tab.label) are in book order; f filters them"
            return []
        }
        let next = orders[((orders.firstIndex(of: state.currentList.order) ?? 0) + 1) % orders.count]
        state.currentList.order = next
        refreshList(&state)
        state.notice = state.tab == .timeline ? "Timeline: \(next.label)" : "\(state.tab.label) \(next.label)"
    case .filterList:
        state.focus = .navigator
        state.currentList.isFiltering = true
        keepSelectionVisible(&state)
    case .widenNavigator, .narrowNavigator:
        let delta = command == .widenNavigator ? 4 : -4
        let geometry = state.geometry
        guard !geometry.isOnePane else {
            state.notice = "One pane at a time below 80 columns: Tab switches"
            return []
        }
        guard geometry.canAdjustNavigator(by: delta) else {
            state.notice = delta > 0 ? "The reader needs the rest of the screen" : "The navigator is as narrow as it goes"
            return []
        }
        // Kept as the width it really moved to, so a clamp never stores steps that do nothing.
        func width(_ adjustment: Int) -> Int {
            ExplorerGeometry(size: state.size, focus: state.focus, naturalNavigatorWidth: state.navigatorWidths,
                             adjustment: adjustment).navigatorWidth
        }
        let adjustment = width(state.navigatorAdjustment + delta) - width(0)
        setNavigatorAdjustment(&state, adjustment)
    case .nextPage, .previousPage:
        let step = command == .nextPage ? 1 : -1
        guard state.page.isText else {
            state.notice = "] and [ page through chapters and sources"
            return []
        }
        let index = state.book.pageIndex(state.page) + step
        if let page = state.book.page(atIndex: index) {
            go(&state, to: Place(page: page, anchor: .top))
        } else {
            state.notice = step > 0 ? "This is the last page" : "This is the first page"
        }
    case .back:
        travel(&state, from: \.back, to: \.forward, orSay: "Nothing to go back to")
    case .forward:
        travel(&state, from: \.forward, to: \.back, orSay: "Nothing to go forward to")
    }
    return []
}

private func helpKey(_ key: Key, _ state: inout AppState) -> [Effect] {
    guard case .help(let scroll) = state.overlay else { return [] }
    let command = Keymap.command(for: key)
    switch command {
    case .lineDown?: state.overlay = .help(scroll: min(maxHelpScroll(state), scroll + 1))
    case .lineUp?: state.overlay = .help(scroll: max(0, scroll - 1))
    case .pageDown?: state.overlay = .help(scroll: min(maxHelpScroll(state), scroll + helpPage(state) - 1))
    case .pageUp?: state.overlay = .help(scroll: max(0, scroll - helpPage(state) + 1))
    case .halfPageDown?: state.overlay = .help(scroll: min(maxHelpScroll(state), scroll + helpPage(state) / 2))
    case .halfPageUp?: state.overlay = .help(scroll: max(0, scroll - helpPage(state) / 2))
    case .top?: state.overlay = .help(scroll: 0)
    case .bottom?: state.overlay = .help(scroll: maxHelpScroll(state))
    case .quit?, .toggleHelp?, .closeOverlay?: state.overlay = nil
    case .redraw?: return [.redrawAll]
    default: break
    }
    return []
}

/// The help box fills the screen less the title and status bars and its border.
func maxHelpScroll(_ state: AppState) -> Int {
    max(0, helpRows(screenWidth: state.size.width).count - helpPage(state))
}

private func helpPage(_ state: AppState) -> Int { max(1, state.size.height - 4) }

/// How far a moving key goes in a view `page` rows tall (nil: not a moving key); the top and
/// bottom as deltas too large to stop anywhere else.
func movementDelta(_ command: Command?, page: Int) -> Int? {
    switch command {
    case .lineDown?: return 1
    case .lineUp?: return -1
    case .halfPageDown?: return max(1, page / 2)
    case .halfPageUp?: return -max(1, page / 2)
    case .pageDown?: return max(1, page - 1)
    case .pageUp?: return -max(1, page - 1)
    case .top?: return Int.min / 2
    case .bottom?: return Int.max / 2
    default: return nil
    }
}

private func movementPage(_ state: AppState) -> Int {
    state.focus == .reader ? state.readerHeight : state.geometry.list.height
}

/// Moves the focused thing: the selection in the navigator, or the reader's scroll position.
private func move(_ state: inout AppState, by delta: Int) {
    switch state.focus {
    case .reader:
        if !state.page.isText {
            moveCursor(&state, by: delta)
        } else if state.reader.isWindowed && abs(delta) >= Int.max / 4 {
            // g and G on a long page: lay out its first or last stretch.
            state.reader = makeLayout(state, state.page, atEnd: delta > 0)
            state.readerTop = delta > 0 ? state.maxReaderTop : 0
        } else {
            state.readerTop = clamp(state.readerTop + delta, 0, state.maxReaderTop)
        }
    case .navigator:
        let count = state.currentList.rows.count
        guard count > 0 else { return }
        state.currentList.selection = clamp(state.currentList.selection + delta, 0, count - 1)
        keepSelectionVisible(&state)
    }
}

/// On a person's card the cursor moves over the mention lines and the view follows it; above
/// the first mention, moving up scrolls the card's top into view (as `g` does at once).
private func moveCursor(_ state: inout AppState, by delta: Int) {
    let selectable = state.reader.selectableLines
    guard !selectable.isEmpty else {
        state.readerTop = clamp(state.readerTop + delta, 0, state.maxReaderTop)
        return
    }
    let current = state.readerCursor.flatMap { selectable.firstIndex(of: $0) } ?? -1
    let next = clamp(current + delta, 0, selectable.count - 1)
    if delta < 0 && next == 0 && (current == 0 || current + delta < 0) {
        state.readerCursor = selectable[0]
        let wanted = current + delta < -1 ? 0 : state.readerTop + (current == 0 ? delta : 0)
        state.readerTop = clamp(min(wanted, selectable[0]), 0, state.maxReaderTop)
        return
    }
    state.readerCursor = selectable[next]
    keepCursorVisible(&state)
}

/// On a card, after the view moved by itself: the cursor goes to the first mention on screen.
func cursorIntoView(_ state: inout AppState) {
    guard !state.page.isText else { return }
    if let cursor = state.readerCursor, cursor >= state.readerTop, cursor < state.readerTop + state.readerHeight { return }
    // Below the context margin that keepCursorVisible keeps, so the next j does not scroll back.
    let margin = state.readerTop == 0 ? 0 : min(2, max(0, (state.readerHeight - 1) / 2))
    state.readerCursor = state.reader.selectableLines.first { $0 >= state.readerTop + margin } ?? state.reader.selectableLines.last
}

private func keepCursorVisible(_ state: inout AppState) {
    guard let cursor = state.readerCursor else { return }
    state.readerTop = ListViewport.offset(keeping: cursor, count: state.reader.lines.count,
                                          height: state.readerHeight, current: state.readerTop, margin: 2)
}

/// Rows in a navigator list (filtered).
func listCount(_ state: AppState, _ tab: NavigatorTab) -> Int { state[list: tab].rows.count }

func keepSelectionVisible(_ state: inout AppState) {
    for tab in NavigatorTab.allCases {
        var list = state[list: tab]
        list.offset = ListViewport.offset(keeping: list.selection, count: list.rows.count,
                                          height: listRowsRect(state, tab).height, current: list.offset)
        state[list: tab] = list
    }
}

/// A list's rows on screen: the list less its first row when the filter line shows.
func listRowsRect(_ state: AppState, _ tab: NavigatorTab) -> Rect {
    let list = state.geometry.list
    guard state.showsCaption(tab) else { return list }
    return Rect(x: list.x, y: list.y + 1, width: list.width, height: max(0, list.height - 1))
}

/// After the order or the filter of the current list changed: its rows again, the selected
/// item kept selected when it is still listed, otherwise the first row.
func refreshList(_ state: inout AppState, _ tab: NavigatorTab? = nil) {
    let tab = tab ?? state.tab
    var list = state[list: tab]
    let selected = list.selectedItem
    list.rows = state.rows(tab, order: list.order, filter: list.filter)
    list.selection = selected.flatMap { list.rows.firstIndex(of: $0) } ?? 0
    if list.selection == 0 { list.offset = 0 }
    state[list: tab] = list
    keepSelectionVisible(&state)
}

private func setFilter(_ state: inout AppState, _ filter: String) {
    state.currentList.filter = filter
    refreshList(&state)
}

private func filterKey(_ key: Key, _ state: inout AppState) -> [Effect] {
    switch key {
    case _ where LineEditor.edits(key):
        // The same line editing as the search line's; the list follows the text.
        let before = state.currentList.filter
        state.currentList.filterLine.apply(key)
        if state.currentList.filter != before { refreshList(&state) }
    case .escape:
        state.currentList.isFiltering = false
        setFilter(&state, "")
    case .enter:
        state.currentList.isFiltering = false
        keepSelectionVisible(&state)
        if !state.currentList.rows.isEmpty { openSelection(&state) }
    case .down, .up, .pageDown, .pageUp:
        state.currentList.isFiltering = false
        keepSelectionVisible(&state)
        if let command = Keymap.command(for: key) { return perform(command, &state) }
    default:
        break
    }
    return []
}

/// Pasted text goes into the line being typed, whole, never taken for commands: the bookmark
/// label, the search line or a list's filter; with none open, it is searched for. Lines are
/// joined with spaces (the lines are one for search), and controls never get in.
private func paste(_ raw: String, _ state: inout AppState) -> [Effect] {
    var text = ""
    var gap = false
    for scalar in raw.unicodeScalars {
        if scalar.properties.isWhitespace || scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            gap = !text.isEmpty
            continue
        }
        if gap { text += " " }
        gap = false
        text.unicodeScalars.append(scalar)
    }
    guard !text.isEmpty else { return [] }
    switch state.overlay {
    case .bookmarkLabel(var label)?:
        label.insert(text)
        state.overlay = .bookmarkLabel(label)
        return []
    case .noteText(var line, let target)?:
        line.insert(text)
        state.overlay = .noteText(line, target)
        return []
    case .help?, .peopleOnScreen?, .bookmarks?, .links?, .citation?:
        return []
    case nil:
        break
    }
    if state.currentList.isFiltering && state.search == nil {
        state.currentList.filterLine.insert(text)
        refreshList(&state)
        return []
    }
    if state.search == nil { _ = perform(.search, &state) }
    guard var session = state.search else { return [] }
    if !session.insert(text) {
        state.notice = "The search line holds \(SearchSession.maxQueryLength) characters: the paste was cut"
    }
    session.historyIndex = nil
    session.isStale = true
    state.search = session
    return []
}

private func openSelection(_ state: inout AppState) {
    guard state.focus == .navigator else {
        openReaderCursor(&state)
        return
    }
    guard let item = state.currentList.selectedItem else { return }
    let page: Page
    switch state.tab {
    case .chapters: page = .chapter(item)
    case .sources: page = .source(item)
    case .people:
        openPerson(&state, item)
        return
    case .timeline:
        openDate(&state, item)
        return
    case .notes:
        openNote(&state, item)
        return
    }
    go(&state, to: Place(page: page, anchor: .top))
    state.focus = .reader
}

/// Shows a person's card with the cursor on their first mention.
func openPerson(_ state: inout AppState, _ person: Int) {
    go(&state, to: Place(page: .person(person), anchor: .top))
    state.focus = .reader
    // The card's top first; the cursor waits on the first mention.
    state.readerCursor = state.reader.selectableLines.first
    state.readerTop = 0
    state.stepping = .person(person, mention: -1)
}

/// Enter in the reader: follow the chosen line of a person's card or of shared passages; in a
/// chapter or source, open the card of a name (see `openNameInText`).
private func openReaderCursor(_ state: inout AppState) {
    if state.page.isText {
        openNameInText(&state)
        return
    }
    guard let cursor = state.readerCursor,
          cursor < state.reader.lines.count, let target = state.reader.lines[cursor].target else { return }
    switch target {
    case .mention(let index), .page(firstMention: let index):
        // A mention, or a chapter or source at the person's first mention there; n/N go on
        // through the list it was chosen from.
        let mention = state.book.people.mentions[index]
        if case .shared(let person, let other) = state.page {
            state.stepping = .shared(person, with: other, passage: state.reader.selectableLines.firstIndex(of: cursor) ?? 0)
        } else {
            let person = mention.person
            state.stepping = .person(person, mention: state.book.people.mentionIndices(of: person).firstIndex(of: index) ?? 0)
        }
        jump(&state, unit: mention.unit, range: mention.offset..<(mention.offset + mention.length), remember: true)
    case .person(let other):
        openPerson(&state, other)
    case .sourceText(let index):
        go(&state, to: Place(page: .source(index), anchor: .top))
        state.focus = .reader
    case .link(let index):
        follow(index, toSource: false, &state)
    case .sourceCard(let index):
        openSourceCard(&state, index)
    case .date(let index):
        openDate(&state, index)
    case .shared(let other):
        guard case .person(let person) = state.page else { return }
        go(&state, to: Place(page: .shared(person, with: other), anchor: .top))
        state.focus = .reader
        state.readerCursor = state.reader.selectableLines.first
        state.readerTop = 0
        state.stepping = .shared(person, with: other, passage: -1)
    }
}

/// Enter in a chapter or source, which has no cursor: the card of the name just jumped to (the
/// current hit or mention, when it is on screen and a name), else of the only person named on
/// screen, else the people on screen to choose from (as `p`).
private func openNameInText(_ state: inout AppState) {
    if let focus = state.focusSpan, let line = state.reader.line(containing: focus.range.lowerBound, inUnit: focus.unit),
       line >= state.readerTop, line < state.readerTop + state.readerHeight,
       let mention = state.book.people.mentions(inUnit: focus.unit).first(where: { mention in
           mention.offset < focus.range.upperBound && focus.range.lowerBound < mention.offset + mention.length
       }) {
        openPerson(&state, mention.person)
        return
    }
    let people = peopleOnScreen(state)
    if people.count == 1 {
        openPerson(&state, people[0])
    } else {
        _ = perform(.peopleOnScreen, &state)
    }
}

/// The person named at a point of the reader showing a chapter or source, if any.
func personNamed(_ state: AppState, at point: Point) -> Int? {
    let geometry = state.geometry
    let line = state.readerTop + point.y - geometry.reader.y
    guard let (unit, offset) = state.reader.position(line: line, column: point.x - geometry.readerTextX) else { return nil }
    return state.book.people.mentions(inUnit: unit).first { $0.offset <= offset && offset < $0.offset + $0.length }?.person
}

/// Opens the page that shows `unit` with `range` a third of the way down, styled as current.
func jump(_ state: inout AppState, unit: Int, range: Range<Int>, remember: Bool) {
    let page = state.book.page(ofUnit: unit)
    // Already on screen: only the highlight moves, the text stays still.
    if page == state.page, let line = state.reader.line(containing: range.lowerBound, inUnit: unit),
       line >= state.readerTop, line < state.readerTop + state.readerHeight, !remember {
        state.focus = .reader
        state.focusSpan = FocusSpan(unit: unit, range: range)
        return
    }
    let place = Place(page: page, anchor: ReaderAnchor(unit: unit, offset: range.lowerBound, linesBefore: 0))
    if remember {
        go(&state, to: place)
    } else {
        show(&state, place)
    }
    state.focus = .reader
    state.focusSpan = FocusSpan(unit: unit, range: range)
    if let line = state.reader.line(containing: range.lowerBound, inUnit: unit) {
        state.readerTop = clamp(line - state.readerHeight / 3, 0, state.maxReaderTop)
    }
}

/// n and N: the next or previous search hit, or mention of the person being followed.
private func step(_ state: inout AppState, by delta: Int) {
    switch state.stepping {
    case .search(let passage)?:
        // Passage by passage, as the results list them; every hit in the one stepped to is
        // styled as current, and the view goes to its first.
        guard let results = state.activeResults, results.passageCount > 0 else { return }
        // A passage taller than the screen (a paragraph of megabytes, a book without line
        // breaks): its hits below (above) the screen come before the next (previous) passage.
        if let hit = hitOutOfView(of: passage, in: results, direction: delta, state) {
            let found = results[hit]
            jump(&state, unit: found.unit, range: found.offset..<(found.offset + found.length), remember: false)
            return
        }
        var next = passage + delta
        if next >= results.passageCount { next = 0; state.notice = "Search wrapped to the first passage" }
        if next < 0 { next = results.passageCount - 1; state.notice = "Search wrapped to the last passage" }
        let found = results[results.hitRange(ofPassage: next).lowerBound]
        state.stepping = .search(passage: next)
        jump(&state, unit: found.unit, range: found.offset..<(found.offset + found.length), remember: false)
    case .person(let person, let mention)?:
        let mentions = state.book.people.mentionIndices(of: person)
        guard !mentions.isEmpty else {
            state.notice = "\(state.book.people.people[person].name) is not mentioned"
            return
        }
        var next = mention + delta
        if mention < 0 && delta < 0 { next = mentions.count - 1 }
        // On the card, from the line the cursor is on: n opens its mention, N the one before.
        let onTheirList = state.page == .person(person)
        if onTheirList, let cursor = state.readerCursor, cursor < state.reader.lines.count,
           let index = cursorMention(state.reader.lines[cursor].target),
           let selected = mentions.firstIndex(of: index) {
            next = delta > 0 ? selected : selected - 1
        }
        let name = state.book.people.people[person].name
        if next >= mentions.count { next = 0; state.notice = "Mentions of \(name) wrapped to the first" }
        if next < 0 { next = mentions.count - 1; state.notice = "Mentions of \(name) wrapped to the last" }
        let found = state.book.people.mentions[mentions[next]]
        state.stepping = .person(person, mention: next)
        // Stepping off the card remembers it, so h comes back to it; steps between pages of
        // text do not fill the history.
        jump(&state, unit: found.unit, range: found.offset..<(found.offset + found.length), remember: onTheirList)
    case .shared(let person, let other, let passage)?:
        // The passages naming both, in the order of their list; on the list, from its cursor.
        let keys = PersonCard.sharedKeys(book: state.book, person: person, with: other)
        guard !keys.isEmpty else { return }
        var next = passage + delta
        if passage < 0 && delta < 0 { next = keys.count - 1 }
        let onTheList = state.page == .shared(person, with: other)
        if onTheList, let cursor = state.readerCursor, let selected = state.reader.selectableLines.firstIndex(of: cursor) {
            next = delta > 0 ? selected : selected - 1
        }
        let names = state.book.pageTitle(.shared(person, with: other))
        if next >= keys.count { next = 0; state.notice = "Passages naming \(names) wrapped to the first" }
        if next < 0 { next = keys.count - 1; state.notice = "Passages naming \(names) wrapped to the last" }
        let found = state.book.people.mentions[keys[next]]
        state.stepping = .shared(person, with: other, passage: next)
        jump(&state, unit: found.unit, range: found.offset..<(found.offset + found.length), remember: onTheList)
    case nil:
        state.notice = "Nothing to step through: / searches, 2 lists people"
    }
}

/// The mention a card's line leads to: its own, or for a Where row the first on that page.
private func cursorMention(_ target: LineTarget?) -> Int? {
    switch target {
    case .mention(let index)?, .page(firstMention: let index)?: return index
    case .person?, .shared?, .sourceText?, .link?, .sourceCard?, .date?, nil: return nil
    }
}

/// The first hit of `passage` past the screen's end (or, going back, before its start), when
/// the passage is on screen but does not fit on it; nil otherwise.
private func hitOutOfView(of passage: Int, in results: SearchResults, direction: Int, _ state: AppState) -> Int? {
    guard passage >= 0, passage < results.passageCount else { return nil }
    let unit = results.unit(ofPassage: passage)
    let end = min(state.reader.lines.count, state.readerTop + state.readerHeight)
    guard state.readerTop < end else { return nil }
    let shown = state.reader.lines[state.readerTop..<end].filter { $0.unit == unit }.map(\.range)
    guard let first = shown.first?.lowerBound, let last = shown.last?.upperBound else { return nil }
    let hits = results.hitRange(ofPassage: passage)
    return direction > 0 ? hits.first { results[$0].offset >= last }
        : hits.reversed().first { results[$0].offset < first }
}

/// The people named in the reader's visible lines, in order of appearance.
func peopleOnScreen(_ state: AppState) -> [Int] {
    var seen: Set<Int> = []
    var people: [Int] = []
    let end = min(state.reader.lines.count, state.readerTop + state.readerHeight)
    guard state.readerTop < end else { return [] }
    for line in state.reader.lines[state.readerTop..<end] {
        if let unit = line.unit {
            for span in state.book.people.mentions(inUnit: unit, overlapping: line.range) {
                if seen.insert(span.person).inserted { people.append(span.person) }
            }
        }
        if case .mention(let index)? = line.target {
            let person = state.book.people.mentions[index].person
            if seen.insert(person).inserted { people.append(person) }
        }
    }
    return people
}

private func peopleOverlayKey(_ key: Key, _ state: inout AppState) -> [Effect] {
    guard case .peopleOnScreen(let people, let selection) = state.overlay else { return [] }
    switch Keymap.command(for: key) {
    case .lineDown?: state.overlay = .peopleOnScreen(people: people, selection: min(people.count - 1, selection + 1))
    case .lineUp?: state.overlay = .peopleOnScreen(people: people, selection: max(0, selection - 1))
    case .open?:
        state.overlay = nil
        openPerson(&state, people[selection])
    case .quit?, .closeOverlay?, .peopleOnScreen?: state.overlay = nil
    default: break
    }
    return []
}

// MARK: Search

private func searchKey(_ key: Key, _ state: inout AppState) -> [Effect] {
    // Keys that use the results (choose, open) see those of the query as typed so far.
    // (Keys that only edit the line leave the results for the next key that uses them.)
    if !LineEditor.edits(key) { refreshSearch(&state) }
    guard var session = state.search else { return [] }
    let pageRows = max(1, state.readerHeight - 1)
    switch key {
    case .character("?") where session.query.isEmpty:
        // The empty search line's hint promises the syntax: the help, at it, over the search
        // line, which is still there when the help closes.
        let rows = helpRows(screenWidth: state.size.width)
        state.overlay = .help(scroll: min(maxHelpScroll(state), rows.firstIndex { $0.isHeading && $0.keys == "Search syntax" } ?? 0))
        return []
    case _ where LineEditor.edits(key):
        // Editing the line, readline style, at the cursor (nil: at the end). The results are
        // computed once the keys waiting to be read are all in (see `reduce`).
        let before = session.query
        session.edit(key)
        if session.query != before {
            session.historyIndex = nil
            session.isStale = true
        } else if case .character = key, session.query.count >= SearchSession.maxQueryLength {
            state.notice = "The search line holds \(SearchSession.maxQueryLength) characters"
        }
    case .control("n"):
        // Newer in the history; past the newest, an empty line.
        let history = state.searchHistory
        guard let current = session.historyIndex else { break }
        if current + 1 < history.count {
            session.query = history[current + 1]
            session.update(book: state.book, search: state.bookSearch, catalog: state.evidence?.catalog)
            session.historyIndex = current + 1
        } else {
            session.query = ""
            session.update(book: state.book, search: state.bookSearch, catalog: state.evidence?.catalog)
        }
    case .up where session.query.isEmpty
        || (session.historyIndex != nil && session.selection == session.rows.firstSelectable),
         .control("p"):
        // Recall earlier queries.
        let history = state.searchHistory
        guard !history.isEmpty else { break }
        let index = max(0, (session.historyIndex ?? history.count) - 1)
        session.historyIndex = index
        session.query = history[index]
        session.update(book: state.book, search: state.bookSearch, catalog: state.evidence?.catalog)
        session.historyIndex = index
    case .up, .down, .pageUp, .pageDown:
        let delta: Int
        switch key {
        case .up: delta = -1
        case .down: delta = 1
        case .pageUp: delta = -pageRows
        default: delta = pageRows
        }
        session.historyIndex = nil
        moveSearchSelection(&session, by: delta, height: state.readerHeight - 1)
    case .enter where session.waitingForIndex:
        session.openWhenReady = true
        state.notice = "Still indexing the book: the first hit opens as soon as it is done"
    case .enter:
        state.search = nil
        let query = String(session.query.trimmingSpaces)
        openSearchSelection(session, query: query, &state)
        return query.isEmpty ? [] : [.store(.recordSearch(query))]
    case .escape:
        state.search = nil
        // Back where the search began, the lists' cursors included (they need not be on the
        // page being read).
        let lists = (state.tab, state.chapterList, state.personList, state.sourceList)
        show(&state, session.returnPlace)
        (state.tab, state.chapterList, state.personList, state.sourceList) = lists
        keepSelectionVisible(&state)
        state.focus = session.returnFocus
        return []
    default:
        break
    }
    state.search = session
    return []
}

private func moveSearchSelection(_ session: inout SearchSession, by delta: Int, height: Int) {
    guard let current = session.selection else { return }
    let target = clamp(current + delta, 0, session.rows.count - 1)
    let direction = delta >= 0 ? 1 : -1
    session.selection = session.rows.nextSelectable(from: target, step: direction)
        ?? session.rows.nextSelectable(from: target, step: -direction) ?? current
    if let selection = session.selection {
        session.offset = ListViewport.offset(keeping: selection, count: session.rows.count,
                                             height: max(1, height), current: session.offset)
        // Keep the summary row in view at the top.
        if session.offset == 1 && selection < max(1, height) { session.offset = 0 }
    }
}

private func openSearchSelection(_ session: SearchSession, query: String, _ state: inout AppState) {
    if !query.isEmpty {
        state.searchHistory.removeAll { $0 == query }
        state.searchHistory.append(query)
        if state.searchHistory.count > 100 { state.searchHistory.removeFirst() }
    }
    guard let selection = session.selection else {
        show(&state, session.returnPlace)
        state.focus = session.returnFocus
        if !query.isEmpty { state.notice = "No hits for \(query)" }
        return
    }
    switch session.rows[selection] {
    case .person(let index):
        // Go back first so that Backspace after the card returns to where the search began.
        show(&state, session.returnPlace)
        openPerson(&state, session.people[index].index)
    case .source(let index):
        show(&state, session.returnPlace)
        openSourceCard(&state, session.sources[index])
    case .passage(let passage):
        // The passage with its first hit a third of the way down.
        guard let results = session.results else { return }
        show(&state, session.returnPlace)
        state.activeResults = results
        state.stepping = .search(passage: passage)
        let hit = results[results.hitRange(ofPassage: passage).lowerBound]
        jump(&state, unit: hit.unit, range: hit.offset..<(hit.offset + hit.length), remember: true)
    case .summary, .group:
        break
    }
}

/// Back or forward: shows the last place of one history, keeping the place left in the other.
private func travel(_ state: inout AppState, from source: WritableKeyPath<AppState, [Place]>,
                    to other: WritableKeyPath<AppState, [Place]>, orSay notice: String) {
    guard let place = state[keyPath: source].popLast() else {
        state.notice = notice
        return
    }
    state[keyPath: other].append(state.place)
    show(&state, place)
}

/// Navigates to a place, remembering where we were.
func go(_ state: inout AppState, to place: Place) {
    let current = state.place
    // A book with no chapters or sources starts on no page: nothing to come back to.
    if current != place && state.book.isValid(current.page) {
        state.back.append(current)
        state.forward.removeAll()
    }
    show(&state, place)
}

func show(_ state: inout AppState, _ place: Place) {
    if place.page != state.page {
        if place.page.isText { state.readingPage = place.page }
        state.page = place.page
        state.reader = makeLayout(state, place.page, around: place.anchor.unit, offset: place.anchor.offset)
        state.readerCursor = nil
        state.focusSpan = nil
    } else if let unit = place.anchor.unit, state.reader.isWindowed,
              !state.reader.covers(unit: unit, offset: place.anchor.offset, in: state.book) {
        state.reader = makeLayout(state, place.page, around: unit, offset: place.anchor.offset)
    }
    state.readerTop = clamp(state.reader.line(for: place.anchor), 0, state.maxReaderTop)
    // The navigator follows the reader: the page's list, with the page selected.
    switch place.page {
    case .chapter(let index): select(&state, index, in: .chapters)
    case .source(let index): select(&state, index, in: .sources)
    case .person(let person):
        select(&state, person, in: .people)
        // Back from the passages shared with someone: the cursor on that person's row.
        if case .shared(person, let other, _)? = state.stepping, state.readerCursor == nil,
           let line = state.reader.lines.firstIndex(where: { $0.target == .shared(with: other) }) {
            state.readerCursor = line
            if line < state.readerTop || line >= state.readerTop + state.readerHeight {
                state.readerTop = clamp(line - state.readerHeight / 3, 0, state.maxReaderTop)
            }
        }
        // n/N follow the person whose card is on screen.
        if case .person(person, _)? = state.stepping {} else { state.stepping = .person(person, mention: -1) }
        // Coming back to the card: the cursor is on the mention last opened or stepped to (on
        // the Where row it was opened from, when that row is in view).
        if case .person(person, let mention)? = state.stepping, mention >= 0, state.readerCursor == nil {
            let indices = state.book.people.mentionIndices(of: person)
            if mention < indices.count {
                let target = LineTarget.mention(indices[mention])
                let inView = state.readerTop ..< min(state.reader.lines.count, state.readerTop + state.readerHeight)
                if let line = inView.first(where: { state.reader.lines[$0].target == .page(firstMention: indices[mention]) })
                    ?? state.reader.lines.firstIndex(where: { $0.target == target }) {
                    state.readerCursor = line
                    if line < state.readerTop || line >= state.readerTop + state.readerHeight {
                        state.readerTop = clamp(line - state.readerHeight / 3, 0, state.maxReaderTop)
                    }
                }
            }
        }
        cursorIntoView(&state)
    case .shared(let person, let other):
        // n/N follow the passages on screen; coming back, the cursor is on the one last opened
        // or stepped to (the list is in their order).
        if case .shared(person, other, _)? = state.stepping {} else { state.stepping = .shared(person, with: other, passage: -1) }
        if case .shared(person, other, let passage)? = state.stepping, passage >= 0, state.readerCursor == nil,
           passage < state.reader.selectableLines.count {
            let line = state.reader.selectableLines[passage]
            state.readerCursor = line
            if line < state.readerTop || line >= state.readerTop + state.readerHeight {
                state.readerTop = clamp(line - state.readerHeight / 3, 0, state.maxReaderTop)
            }
        }
        cursorIntoView(&state)
    case .sourceCard(let index):
        select(&state, index, in: .sources)
        cursorIntoView(&state)
    }
    keepSelectionVisible(&state)
}

/// Shows `tab` with `item` selected; a filter that hides the item is cleared.
func select(_ state: inout AppState, _ item: Int, in tab: NavigatorTab) {
    state.tab = tab
    var list = state[list: tab]
    if !list.rows.contains(item) && !list.filter.isEmpty {
        // Never silently: the list changes under the user's eyes.
        state.notice = "Filter \u{201C}\(VisibleText.truncate(VisibleText.sanitize(list.filter), toWidth: 20))\u{201D} cleared to show where you are"
        list.filter = ""
        list.rows = state.rows(tab, order: list.order, filter: "")
    }
    list.isFiltering = false
    if let row = list.rows.firstIndex(of: item) { list.selection = row }
    state[list: tab] = list
}

/// On a long page, lays out a new window around the reading position when the reader nears
/// either end of the current one.
func slideWindow(_ state: inout AppState) {
    let layout = state.reader
    guard layout.isWindowed else { return }
    let height = max(1, state.readerHeight)
    let nearEnd = !layout.windowAtEnd && state.readerTop + 2 * height >= layout.lines.count
    let nearStart = !layout.windowAtStart && state.readerTop < height
    guard nearEnd || nearStart else { return }
    let anchor = state.readerAnchor
    state.reader = makeLayout(state, state.page, around: anchor.unit, offset: anchor.offset)
    state.readerTop = clamp(state.reader.line(for: anchor), 0, state.maxReaderTop)
}

/// The layout for a page at the reader's width; a person's card marks where the reader was.
/// On a long page, `around` (a unit, and `offset` in it) picks the stretch laid out.
func makeLayout(_ state: AppState, _ page: Page, around: Int? = nil, offset: Int = 0, atEnd: Bool = false) -> ReaderLayout {
    // The page's own width: paragraph numbers take columns on text pages only.
    return ReaderLayout(book: state.book, page: page, evidence: state.evidence, dates: state.dates,
                        width: state.geometry(for: page).readerTextWidth,
                 readingPage: state.readingPage,
                 around: around, aroundOffset: offset, atEnd: atEnd)
}

// MARK: Resize

private func resize(_ state: inout AppState, to size: Size) {
    // Anchor to where the reader was before the first of a series of resizes, so that going
    // narrow and back does not drift.
    let anchor = state.resizeAnchor ?? state.readerAnchor
    state.resizeAnchor = anchor
    state.size = Size(width: max(0, size.width), height: max(0, size.height))
    relayout(&state, anchor: anchor)
}

/// `<` and `>`: the navigator's width moved, the reader re-wrapped at the same text.
private func setNavigatorAdjustment(_ state: inout AppState, _ adjustment: Int) {
    let anchor = state.readerAnchor
    state.navigatorAdjustment = adjustment
    relayout(&state, anchor: anchor)
}

/// After the panes changed size: the reader wrapped to its new width with `anchor` at the top.
/// `force`: lay the page out again at the same width too (a card shows what arrived in the
/// background), the cursor kept on the row it was on, else the card's first row.
func relayout(_ state: inout AppState, anchor: ReaderAnchor, force: Bool = false) {
    let width = state.geometry.readerTextWidth
    if force || width != state.reader.width {
        let cursorTarget = state.readerCursor.flatMap { state.reader.lines.indices.contains($0) ? state.reader.lines[$0].target : nil }
        state.reader = makeLayout(state, state.page, around: anchor.unit, offset: anchor.offset)
        if let cursorTarget { state.readerCursor = state.reader.lines.firstIndex { $0.target == cursorTarget } }
        if force && state.readerCursor == nil && !state.page.isText { state.readerCursor = state.reader.selectableLines.first }
    }
    if case .help(let scroll) = state.overlay { state.overlay = .help(scroll: min(scroll, maxHelpScroll(state))) }
    refreshSplitLayout(&state)
    state.readerTop = clamp(state.reader.line(for: anchor), 0, state.maxReaderTop)
    // On a card, the chosen mention stays in view.
    keepCursorVisible(&state)
    keepSelectionVisible(&state)
}

// MARK: Mouse

private func mouse(_ event: MouseEvent, _ state: inout AppState) -> [Effect] {
    let geometry = state.geometry
    if geometry.isTooSmall { return [] }
    // Words being chosen belong to the page they are on: a click may leave it.
    state.textSelection = nil
    // Typing a label or a note: the keyboard decides.
    if case .bookmarkLabel? = state.overlay { return [] }
    if case .noteText? = state.overlay { return [] }
    if state.overlay != nil {
        if event.button == .left { state.overlay = nil }
        return []
    }
    if var session = state.search {
        // Over the results, the wheel moves the selection; clicks are for the keyboard-shy later.
        if event.button == .wheelDown || event.button == .wheelUp {
            moveSearchSelection(&session, by: event.button == .wheelDown ? 3 : -3, height: state.readerHeight - 1)
            state.search = session
        }
        return []
    }
    let point = event.position
    if var split = state.split {
        // The source's side (or its box, which covers the reader) takes the wheel and clicks.
        let onSource = geometry.sideBySide ? geometry.side.contains(point) : peekBox(state).contains(point)
        if onSource || !geometry.sideBySide {
            switch event.button {
            case .wheelUp, .wheelDown:
                split.top = clamp(split.top + (event.button == .wheelDown ? 3 : -3), 0, maxSplitTop(state, split))
            case .left:
                if !onSource { closeSplit(&state); return [] } // a click beside the box closes it
                split.focused = true
            default: break
            }
            state.split = split
            return []
        }
        if event.button == .left { state.split?.focused = false }
    }
    switch event.button {
    case .wheelUp, .wheelDown:
        let delta = event.button == .wheelDown ? 3 : -3
        if geometry.showsReader && geometry.reader.contains(point) {
            state.readerTop = clamp(state.readerTop + delta, 0, state.maxReaderTop)
            cursorIntoView(&state)
        } else if geometry.showsNavigator && geometry.list.contains(point) {
            scrollList(&state, by: delta)
        }
    case .left:
        if geometry.showsNavigator && geometry.tabBar.contains(point) {
            if let tab = tabHit(state, x: point.x) {
                state.tab = tab
                state.focus = .navigator
            }
        } else if geometry.showsNavigator && geometry.list.contains(point) {
            state.focus = .navigator
            let rows = listRowsRect(state, state.tab)
            state.currentList.isFiltering = false
            guard rows.contains(point) else { return [] }
            let index = state.currentList.offset + (point.y - rows.y)
            guard index < state.currentList.rows.count else { return [] }
            let alreadySelected = index == state.currentList.selection
            state.currentList.selection = index
            if alreadySelected { openSelection(&state) }
        } else if geometry.showsReader && geometry.reader.contains(point) {
            state.focus = .reader
            let line = state.readerTop + point.y - geometry.reader.y
            if state.page.isText {
                // In the text, a click on a name opens that person's card.
                if let person = personNamed(state, at: point) { openPerson(&state, person) }
            } else if line < state.reader.lines.count, state.reader.lines[line].target != nil {
                let alreadySelected = state.readerCursor == line
                state.readerCursor = line
                if alreadySelected { openReaderCursor(&state) }
            }
        }
    case .middle, .right:
        break
    }
    return []
}

private func scrollList(_ state: inout AppState, by delta: Int) {
    let height = listRowsRect(state, state.tab).height
    state.currentList.offset = ListViewport.clamp(state.currentList.offset + delta, count: state.currentList.rows.count,
                                                  height: height)
}

private func tabHit(_ state: AppState, x: Int) -> NavigatorTab? {
    let ranges = tabBar(state).layout(in: state.geometry.tabBar).map(\.range)
    return TabBar.tab(at: x, in: ranges).flatMap { NavigatorTab(rawValue: $0) }
}

/// The navigator's tabs with counts, short labels when the full ones do not fit.
func tabBar(_ state: AppState, theme: Theme = Theme(capability: .monochrome)) -> TabBar {
    let counts = NavigatorTab.allCases.map { listCount(state, $0) }
    let full = zip(NavigatorTab.allCases, counts).map { Tab("\($0.label) \($1)") }
    let width = state.geometry.tabBar.width
    let tabs: [Tab]
    // The names matter more than the counts: full names with counts, then without, then
    // short names with counts, then without (every list stays reachable by a click).
    let names = NavigatorTab.allCases.map { Tab($0.label) }
    let short = zip(NavigatorTab.allCases, counts).map { Tab("\($0.shortLabel) \($1)") }
    func fits(_ tabs: [Tab]) -> Bool { tabs.reduce(0, { $0 + DisplayWidth.of($1.title) }) <= width }
    // A large book's opening, shown while the rest loads, counts nothing that is the book's.
    let choices = state.document.isOpeningOnly ? [names] : [full, names, short]
    tabs = choices.first(where: fits) ?? NavigatorTab.allCases.map { Tab($0.shortLabel) }
    let focused = state.focus == .navigator
    return TabBar(tabs: tabs, active: state.tab.rawValue, style: theme.style(focused ? .tabFocused : .tab),
                  activeStyle: theme.style(focused ? .tabActiveFocused : .tabActive))
}

func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { min(max(value, low), max(low, high)) }
