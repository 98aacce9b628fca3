import IskraCore
import TextUI

/// The label input (in the status bar) and the bookmarks list overlay.
func drawBookmarkOverlays(_ state: AppState, _ theme: Theme, _ geometry: ExplorerGeometry, _ buffer: inout ScreenBuffer) {
    switch state.overlay {
    case .bookmarkLabel(let line)?:
        drawLabelInput(state, line, theme, geometry, &buffer)
    case .bookmarks(let selection)?:
        drawBookmarkList(state, selection, theme, geometry, &buffer)
    case .noteText(let line, let target)?:
        drawNoteInput(state, line, target, theme, geometry, &buffer)
    case .help?, .peopleOnScreen?, .links?, .citation?, nil:
        break
    }
}

/// The note being typed, in the status bar, after where it goes.
private func drawNoteInput(_ state: AppState, _ line: LineEditor, _ target: NoteTarget, _ theme: Theme,
                           _ geometry: ExplorerGeometry, _ buffer: inout ScreenBuffer) {
    let hints = "Enter saves (empty: highlight)  Esc cancels "
    let row = geometry.statusBar
    var prompt = " Note: "
    let anchor: TextAnchor
    switch target {
    case .new(let new): anchor = new
    case .edit(let note): anchor = note.anchor
    }
    if let unit = state.book.units(startingAtLine: anchor.line).first {
        let long = " Note on \(shortLocator(state.book, unit: unit)) \u{201C}\(VisibleText.truncate(VisibleText.sanitize(anchor.exact), toWidth: 16))\u{201D}: "
        if row.width - DisplayWidth.of(long) - DisplayWidth.of(hints) >= 16 { prompt = long }
    }
    drawInputLine(prompt: prompt, line: line, hints: hints, theme, row, &buffer)
}

/// A line being typed in the status bar: its prompt, the text with the cursor kept in view,
/// and key hints at the right.
private func drawInputLine(prompt: String, line: LineEditor, hints: String, _ theme: Theme, _ row: Rect,
                           _ buffer: inout ScreenBuffer) {
    let room = max(0, row.width - DisplayWidth.of(prompt) - DisplayWidth.of(hints) - 2)
    let (before, after) = line.visible(width: max(1, room))
    let left = [Span(prompt, style: theme.style(.notice)), Span(before, style: theme.style(.statusBar)),
                Span("▏", style: Style(attributes: .reverse)), Span(after, style: theme.style(.statusBar))]
    StatusBar(left: left, right: [Span(hints, style: theme.style(.statusHint))], style: theme.style(.statusBar))
        .render(into: &buffer, in: row)
}

private func drawLabelInput(_ state: AppState, _ line: LineEditor, _ theme: Theme, _ geometry: ExplorerGeometry,
                            _ buffer: inout ScreenBuffer) {
    // Says what is being marked ("Ch 13 line 245"): the hit or mention, not the screen's top.
    var prompt = " Bookmark label: "
    let hints = "Enter saves  Esc cancels "
    let row = geometry.statusBar
    if let place = bookmarkPlace(state), let unit = place.anchor.unit {
        let line = state.book.units[unit].paragraph.position(ofScalarOffset: place.anchor.offset).line
        let long = " Bookmark \(state.book.shortLabel(ofUnit: unit)) line \(line), label: "
        // Only while a label still has room to be typed.
        if row.width - DisplayWidth.of(long) - DisplayWidth.of(hints) >= 16 { prompt = long }
    }
    drawInputLine(prompt: prompt, line: line, hints: hints, theme, row, &buffer)
}

/// Rows of the bookmarks list: two lines per bookmark (label and where; then the text there).
func bookmarkListLines(_ state: AppState, selection: Int, theme: Theme, width: Int) -> [[Span]] {
    let bookmarks = state.saved.bookmarks
    if bookmarks.isEmpty {
        return [[Span("No bookmarks yet. Press m to bookmark the place you are reading.", style: theme.style(.listRowDim))]]
    }
    var lines: [[Span]] = []
    for (index, bookmark) in bookmarks.enumerated() {
        let selected = index == selection
        var rowStyle = theme.style(selected ? .listSelectedFocused : .listRow)
        rowStyle.attributes.insert(.bold)
        var label = bookmark.label.isEmpty ? "(no label)" : VisibleText.sanitize(bookmark.label)
        // A long label leaves the place room: it is cut to at most half the row.
        if DisplayWidth.of(label) > width / 2 { label = VisibleText.truncate(label, toWidth: max(8, width / 2)) }
        var first = [Span(selected ? "▸ " : "  ", style: theme.style(.listCurrentMarker)),
                     Span(label, style: rowStyle)]
        if let where_ = state.book.describe(bookmark.place) {
            let line = where_.line.map { " · line \($0)" } ?? ""
            first.append(Span("  \(where_.page) · \(where_.title)\(line)", style: theme.style(.listRowDim)))
            lines.append(Span.truncate(first, toWidth: width))
            lines.append(Span.truncate([Span("    " + where_.snippet, style: theme.style(.listRow))], toWidth: width))
        } else {
            first.append(Span("  (no longer in this book)", style: theme.style(.listRowDim)))
            lines.append(Span.truncate(first, toWidth: width))
            lines.append([])
        }
    }
    return lines
}

private func drawBookmarkList(_ state: AppState, _ selection: Int, _ theme: Theme, _ geometry: ExplorerGeometry,
                              _ buffer: inout ScreenBuffer) {
    let container = Rect(x: 0, y: 1, width: geometry.size.width, height: max(0, geometry.size.height - 2))
    let width = max(0, min(100, container.width - 4))
    let lines = bookmarkListLines(state, selection: selection, theme: theme, width: width)
    let count = state.saved.bookmarks.count
    let title = "Bookmarks \(count) — Enter jumps, d deletes, Esc closes"
    let bodyHeight = max(0, container.height - 2)
    // Keep both lines of the selected bookmark in view.
    let offset = ListViewport.offset(keeping: selection * 2 + 1, count: lines.count, height: bodyHeight,
                                     current: max(0, selection * 2 + 2 - bodyHeight))
    let padded = lines.map { $0 + [Span(String(repeating: " ", count: max(0, width - Span.width(of: $0))), style: theme.style(.overlay))] }
    Overlay(title: title, lines: padded, offset: offset, style: theme.style(.overlay),
            borderStyle: theme.style(.helpHeading), titleStyle: theme.style(.helpHeading))
        .render(into: &buffer, in: container)
}
