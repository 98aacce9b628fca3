import IskraCore
import TextUI

/// The only way the explorer's state changes. Pure: no I/O, no clocks; what the runtime must
/// do is returned as effects.
public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
    let before = (state.page, state.readerTop)
    let effects = apply(action, &state)
    if case .input(.resize) = action { return effects }
    // Once the reader moves, the next resize anchors to the new position.
    if before != (state.page, state.readerTop) { state.resizeAnchor = nil }
    return effects
}

private func apply(_ action: Action, _ state: inout AppState) -> [Effect] {
    switch action {
    case .command(let command):
        return perform(command, &state)
    case .input(.key(let key)):
        state.notice = nil
        if let effects = bookmarkKey(key, &state) { return effects }
        if case .help = state.overlay { return helpKey(key, &state) }
        guard let command = Keymap.command(for: key) else { return [] }
        return perform(command, &state)
    case .input(.resize(let size)):
        resize(&state, to: size)
        return []
    case .input(.mouse(let event)):
        return mouse(event, &state)
    case .stored(let event):
        return stored(event, &state)
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
        state.overlay = nil
    case .focusNextPane, .focusPreviousPane:
        state.focus = state.focus == .navigator ? .reader : .navigator
    case .showTab(let tab):
        state.tab = tab
        state.focus = .navigator
    case .redraw:
        return [.redrawAll]
    case .addBookmark, .showBookmarks, .deleteBookmark:
        return bookmarkCommand(command, &state)
    case .lineDown: move(&state, by: 1)
    case .lineUp: move(&state, by: -1)
    case .halfPageDown: move(&state, by: max(1, movementPage(state) / 2))
    case .halfPageUp: move(&state, by: -max(1, movementPage(state) / 2))
    case .pageDown: move(&state, by: max(1, movementPage(state) - 1))
    case .pageUp: move(&state, by: -max(1, movementPage(state) - 1))
    case .top: move(&state, by: Int.min / 2)
    case .bottom: move(&state, by: Int.max / 2)
    case .open:
        openSelection(&state)
    case .nextPage, .previousPage:
        let step = command == .nextPage ? 1 : -1
        let index = state.book.pageIndex(state.page) + step
        if let page = state.book.page(atIndex: index) {
            go(&state, to: Place(page: page, anchor: .top))
        } else {
            state.notice = step > 0 ? "This is the last page" : "This is the first page"
        }
    case .back:
        guard let place = state.back.popLast() else {
            state.notice = "Nothing to go back to"
            return []
        }
        state.forward.append(state.place)
        show(&state, place)
    case .forward:
        guard let place = state.forward.popLast() else {
            state.notice = "Nothing to go forward to"
            return []
        }
        state.back.append(state.place)
        show(&state, place)
    }
    return []
}

private func helpKey(_ key: Key, _ state: inout AppState) -> [Effect] {
    guard case .help(let scroll) = state.overlay else { return [] }
    let command = Keymap.command(for: key)
    switch command {
    case .lineDown?: state.overlay = .help(scroll: scroll + 1)
    case .lineUp?: state.overlay = .help(scroll: max(0, scroll - 1))
    case .pageDown?, .halfPageDown?: state.overlay = .help(scroll: scroll + 10)
    case .pageUp?, .halfPageUp?: state.overlay = .help(scroll: max(0, scroll - 10))
    case .top?: state.overlay = .help(scroll: 0)
    case .quit?, .toggleHelp?, .closeOverlay?: state.overlay = nil
    case .redraw?: return [.redrawAll]
    default: break
    }
    return []
}

private func movementPage(_ state: AppState) -> Int {
    state.focus == .reader ? state.readerHeight : state.geometry.list.height
}

/// Moves the focused thing: the selection in the navigator, or the reader's scroll position.
private func move(_ state: inout AppState, by delta: Int) {
    switch state.focus {
    case .reader:
        state.readerTop = clamp(state.readerTop + delta, 0, state.maxReaderTop)
    case .navigator:
        let count = listCount(state, state.tab)
        guard count > 0 else { return }
        switch state.tab {
        case .chapters:
            state.chapterSelection = clamp(state.chapterSelection + delta, 0, count - 1)
        case .sources:
            state.sourceSelection = clamp(state.sourceSelection + delta, 0, count - 1)
        case .people:
            break
        }
        keepSelectionVisible(&state)
    }
}

public func listCount(_ state: AppState, _ tab: NavigatorTab) -> Int {
    switch tab {
    case .chapters: return state.chapterCount
    case .people: return 0
    case .sources: return state.sourceCount
    }
}

private func keepSelectionVisible(_ state: inout AppState) {
    let height = state.geometry.list.height
    state.chapterListOffset = ListViewport.offset(keeping: state.chapterSelection, count: state.chapterCount,
                                                  height: height, current: state.chapterListOffset)
    state.sourceListOffset = ListViewport.offset(keeping: state.sourceSelection, count: state.sourceCount,
                                                 height: height, current: state.sourceListOffset)
}

private func openSelection(_ state: inout AppState) {
    guard state.focus == .navigator else { return }
    let page: Page
    switch state.tab {
    case .chapters:
        guard state.chapterCount > 0 else { return }
        page = .chapter(state.chapterSelection)
    case .sources:
        guard state.sourceCount > 0 else { return }
        page = .source(state.sourceSelection)
    case .people:
        return
    }
    go(&state, to: Place(page: page, anchor: .top))
    state.focus = .reader
}

/// Navigates to a place, remembering where we were.
func go(_ state: inout AppState, to place: Place) {
    let current = state.place
    if current != place {
        state.back.append(current)
        state.forward.removeAll()
    }
    show(&state, place)
}

func show(_ state: inout AppState, _ place: Place) {
    if place.page != state.page {
        state.page = place.page
        state.reader = ReaderLayout(book: state.book, page: place.page, width: state.geometry.readerTextWidth)
    }
    state.readerTop = clamp(state.reader.line(for: place.anchor), 0, state.maxReaderTop)
    // The lists follow the reader.
    switch place.page {
    case .chapter(let index): state.chapterSelection = index
    case .source(let index): state.sourceSelection = index
    }
    keepSelectionVisible(&state)
}

// MARK: Resize

private func resize(_ state: inout AppState, to size: Size) {
    // Anchor to where the reader was before the first of a series of resizes, so that going
    // narrow and back does not drift.
    let anchor = state.resizeAnchor ?? state.readerAnchor
    state.resizeAnchor = anchor
    state.size = Size(width: max(0, size.width), height: max(0, size.height))
    let width = state.geometry.readerTextWidth
    if width != state.reader.width {
        state.reader = ReaderLayout(book: state.book, page: state.page, width: width)
    }
    state.readerTop = clamp(state.reader.line(for: anchor), 0, state.maxReaderTop)
    keepSelectionVisible(&state)
}

// MARK: Mouse

private func mouse(_ event: MouseEvent, _ state: inout AppState) -> [Effect] {
    let geometry = state.geometry
    if geometry.isTooSmall { return [] }
    if state.overlay != nil {
        if event.button == .left { state.overlay = nil }
        return []
    }
    let point = event.position
    switch event.button {
    case .wheelUp, .wheelDown:
        let delta = event.button == .wheelDown ? 3 : -3
        if geometry.showsReader && geometry.reader.contains(point) {
            state.readerTop = clamp(state.readerTop + delta, 0, state.maxReaderTop)
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
            let index = listOffset(state, state.tab) + (point.y - geometry.list.y)
            guard index < listCount(state, state.tab) else { return [] }
            let alreadySelected = index == listSelection(state, state.tab)
            switch state.tab {
            case .chapters: state.chapterSelection = index
            case .sources: state.sourceSelection = index
            case .people: break
            }
            if alreadySelected { openSelection(&state) }
        } else if geometry.showsReader && geometry.reader.contains(point) {
            state.focus = .reader
        }
    case .middle, .right:
        break
    }
    return []
}

private func scrollList(_ state: inout AppState, by delta: Int) {
    let height = state.geometry.list.height
    switch state.tab {
    case .chapters:
        state.chapterListOffset = ListViewport.clamp(state.chapterListOffset + delta, count: state.chapterCount, height: height)
    case .sources:
        state.sourceListOffset = ListViewport.clamp(state.sourceListOffset + delta, count: state.sourceCount, height: height)
    case .people:
        break
    }
}

public func listOffset(_ state: AppState, _ tab: NavigatorTab) -> Int {
    switch tab {
    case .chapters: return state.chapterListOffset
    case .people: return 0
    case .sources: return state.sourceListOffset
    }
}

public func listSelection(_ state: AppState, _ tab: NavigatorTab) -> Int {
    switch tab {
    case .chapters: return state.chapterSelection
    case .people: return 0
    case .sources: return state.sourceSelection
    }
}

private func tabHit(_ state: AppState, x: Int) -> NavigatorTab? {
    let rect = state.geometry.tabBar
    var scratch = ScreenBuffer(size: Size(width: rect.maxX, height: rect.maxY))
    let ranges = tabBar(state).render(into: &scratch, in: rect)
    return TabBar.tab(at: x, in: ranges).flatMap { NavigatorTab(rawValue: $0) }
}

/// The navigator's tabs with counts, short labels when the full ones do not fit.
func tabBar(_ state: AppState, theme: Theme = Theme(capability: .monochrome)) -> TabBar {
    let counts = NavigatorTab.allCases.map { listCount(state, $0) }
    let full = zip(NavigatorTab.allCases, counts).map { Tab("\($0.label) \($1)") }
    let width = state.geometry.tabBar.width
    let tabs: [Tab]
    if full.reduce(0, { $0 + DisplayWidth.of($1.title) }) <= width {
        tabs = full
    } else {
        let short = ["Chap", "Ppl", "Src"]
        tabs = zip(short, counts).map { Tab("\($0) \($1)") }
    }
    let focused = state.focus == .navigator
    return TabBar(tabs: tabs, active: state.tab.rawValue, style: theme.style(.tab),
                  activeStyle: theme.style(focused ? .tabActiveFocused : .tabActive))
}

func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { min(max(value, low), max(low, high)) }
