import IskraCore
import TextUI

/// Draws the whole explorer for `state` into a new frame.
public func render(_ state: AppState, theme: Theme) -> ScreenBuffer {
    var buffer = ScreenBuffer(size: state.size)
    render(state, theme: theme, into: &buffer)
    return buffer
}

public func render(_ state: AppState, theme: Theme, into buffer: inout ScreenBuffer) {
    let geometry = state.geometry
    if geometry.isTooSmall {
        drawTooSmall(state, theme, &buffer)
        return
    }
    drawTitleBar(state, theme, geometry, &buffer)
    if geometry.showsNavigator { drawNavigator(state, theme, geometry, &buffer) }
    if !geometry.separator.isEmpty {
        for y in geometry.separator.y..<geometry.separator.maxY {
            buffer.put("│", at: Point(x: geometry.separator.x, y: y), style: theme.style(.separator))
        }
    }
    if geometry.showsReader { drawReader(state, theme, geometry, &buffer) }
    drawStatusBar(state, theme, geometry, &buffer)
    drawBookmarkOverlays(state, theme, geometry, &buffer)
    if case .help(let scroll) = state.overlay { drawHelp(scroll, theme, geometry, &buffer) }
}

private func drawTooSmall(_ state: AppState, _ theme: Theme, _ buffer: inout ScreenBuffer) {
    let size = state.size
    guard size.width > 0, size.height > 0 else { return }
    let minimum = ExplorerGeometry.minimumSize
    let lines = ["Terminal too small", "\(size.width)×\(size.height), need \(minimum.width)×\(minimum.height)", "q quits"]
    let top = max(0, (size.height - lines.count) / 2)
    for (i, line) in lines.enumerated() where top + i < size.height {
        let text = VisibleText.truncate(line, toWidth: size.width)
        let x = max(0, (size.width - DisplayWidth.of(text)) / 2)
        buffer.put(text, at: Point(x: x, y: top + i), style: theme.style(.tooSmall))
    }
}

private func drawTitleBar(_ state: AppState, _ theme: Theme, _ geometry: ExplorerGeometry, _ buffer: inout ScreenBuffer) {
    let left = [Span(" iskra ", style: theme.style(.titleBar)),
                Span("│ " + state.document.title, style: theme.style(.titleBarDim))]
    let page = state.page
    let right = [Span(state.book.pageLabel(page) + " · " + state.book.pageTitle(page) + " ", style: theme.style(.titleBarDim))]
    // The page title may be long: keep the app name and give the rest to the right part.
    StatusBar(left: left, right: Span.truncate(right, toWidth: max(0, geometry.size.width - 24)),
              style: theme.style(.titleBarDim)).render(into: &buffer, in: geometry.titleBar)
}

private func drawNavigator(_ state: AppState, _ theme: Theme, _ geometry: ExplorerGeometry, _ buffer: inout ScreenBuffer) {
    tabBar(state, theme: theme).render(into: &buffer, in: geometry.tabBar)
    let focused = state.focus == .navigator
    let selectedStyle = theme.style(focused ? .listSelectedFocused : .listSelected)
    let selection = StylePatch(foreground: selectedStyle.foreground == .terminalDefault ? nil : selectedStyle.foreground,
                               background: selectedStyle.background == .terminalDefault ? nil : selectedStyle.background,
                               adding: selectedStyle.attributes)
    let list = geometry.list
    switch state.tab {
    case .chapters:
        let chapters = state.document.chapters
        let current: Int? = if case .chapter(let index) = state.page { index } else { nil }
        let numberWidth = String(chapters.count).count
        ListView(count: chapters.count, selected: state.chapterSelection, offset: state.chapterListOffset,
                 selection: selection, scrollbarStyle: theme.style(.separator)) { index in
            let chapter = chapters[index]
            let number = String(index + 1)
            return [Span(index == current ? "▸" : " ", style: theme.style(.listCurrentMarker)),
                    Span(String(repeating: " ", count: numberWidth - number.count) + number + " ", style: theme.style(.listRowDim)),
                    Span(chapter.title ?? "Opening", style: theme.style(.listRow))]
        }.render(into: &buffer, in: list)
    case .sources:
        let sources = state.document.sources
        let current: Int? = if case .source(let index) = state.page { index } else { nil }
        let numberWidth = String(sources.count).count
        ListView(count: sources.count, selected: state.sourceSelection, offset: state.sourceListOffset,
                 selection: selection, scrollbarStyle: theme.style(.separator)) { index in
            let source = sources[index]
            let number = String(source.number)
            var spans = [Span(index == current ? "▸" : " ", style: theme.style(.listCurrentMarker)),
                         Span(String(repeating: " ", count: numberWidth - number.count) + number + " ", style: theme.style(.listRowDim))]
            if let author = source.author {
                spans.append(Span(author, style: theme.style(.reader(.sourceAuthor))))
                if let title = source.title { spans.append(Span(": " + title, style: theme.style(.listRow))) }
            } else {
                spans.append(Span(source.header, style: theme.style(.listRow)))
            }
            return spans
        }.render(into: &buffer, in: list)
    case .people:
        let message = ["The people register arrives", "with the people index."]
        for (i, line) in message.enumerated() where i < list.height {
            buffer.putLine(" " + line, in: list.row(i + 1), style: theme.style(.listRowDim))
        }
    }
}

private func drawReader(_ state: AppState, _ theme: Theme, _ geometry: ExplorerGeometry, _ buffer: inout ScreenBuffer) {
    let pane = geometry.reader
    let textX = geometry.readerTextX
    let clip = Rect(x: pane.x, y: pane.y, width: pane.width, height: pane.height)
    let lines = state.reader.lines
    for row in 0..<pane.height {
        let index = state.readerTop + row
        guard index < lines.count else { break }
        let line = lines[index]
        let y = pane.y + row
        var x = textX
        if !line.prefix.isEmpty {
            let prefixRole: LineRole = line.role == .quotation ? .separator : line.role
            x += buffer.put(line.prefix, at: Point(x: x, y: y), style: theme.style(.reader(prefixRole)), clip: clip)
        }
        if let unit = line.unit {
            let base = theme.style(.reader(line.role))
            let overlays = state.book.headerFields[unit] ?? []
            x += buffer.put(spans: styledSpans(line, base: base, overlays: overlays, theme: theme),
                            at: Point(x: x, y: y), clip: clip)
        }
        for part in line.parts {
            x += buffer.put(part.text, at: Point(x: x, y: y), style: theme.style(.reader(part.role)), clip: clip)
        }
    }
    if lines.isEmpty, pane.height > 0 {
        buffer.put("This book has no text.", at: Point(x: textX, y: pane.y), style: theme.style(.listRowDim), clip: clip)
    }
}

/// The line's text cut into spans where overlays (unit offsets) change its style.
func styledSpans(_ line: ReaderLine, base: Style, overlays: [StyledRange], theme: Theme) -> [Span] {
    let visible = overlays.filter { $0.range.overlaps(line.range) }
    guard !visible.isEmpty else { return [Span(line.text, style: base)] }
    let scalars = Array(line.text.unicodeScalars)
    var spans: [Span] = []
    var position = line.range.lowerBound
    func emit(_ end: Int, _ style: Style) {
        let from = position - line.range.lowerBound, to = min(end, line.range.upperBound) - line.range.lowerBound
        guard to > from else { return }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[from..<to])
        spans.append(Span(String(text), style: style))
        position = line.range.lowerBound + to
    }
    for overlay in visible.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
        if overlay.range.lowerBound > position { emit(overlay.range.lowerBound, base) }
        if overlay.range.upperBound > position { emit(overlay.range.upperBound, theme.style(.reader(overlay.role))) }
    }
    emit(line.range.upperBound, base)
    return spans
}

/// Where the reader is in its page, as less shows it: Top, Bot, All or a percentage of the
/// way to the last line on screen.
public func readerPosition(_ state: AppState) -> String {
    let total = state.reader.lines.count
    let height = state.readerHeight
    if total <= height { return "All" }
    if state.readerTop == 0 { return "Top" }
    if state.readerTop >= state.maxReaderTop { return "Bot" }
    return "\(min(99, (state.readerTop + height) * 100 / total))%"
}

private func drawStatusBar(_ state: AppState, _ theme: Theme, _ geometry: ExplorerGeometry, _ buffer: inout ScreenBuffer) {
    let where_ = " \(state.book.pageLabel(state.page)) · \(readerPosition(state)) "
    let left: [Span]
    if let notice = state.notice {
        left = [Span(where_, style: theme.style(.statusBar)), Span(" " + notice + " ", style: theme.style(.notice))]
    } else {
        left = [Span(where_, style: theme.style(.statusBar))]
    }
    let hints: String
    if geometry.isOnePane {
        hints = state.focus == .navigator ? "Enter read  Tab text  ? help  q quit " : "Tab list  ] next  ? help  q quit "
    } else {
        hints = "Tab pane  Enter open  [ ] pages  h back  ? help  q quit "
    }
    StatusBar(left: left, right: [Span(hints, style: theme.style(.statusHint))], style: theme.style(.statusBar))
        .render(into: &buffer, in: geometry.statusBar)
}

private func drawHelp(_ scroll: Int, _ theme: Theme, _ geometry: ExplorerGeometry, _ buffer: inout ScreenBuffer) {
    let entries = Keymap.helpLines()
    let keyWidth = entries.filter { !$0.isHeading }.map { DisplayWidth.of($0.keys) }.max() ?? 0
    let lines: [[Span]] = entries.map { entry in
        if entry.isHeading { return [Span(entry.keys, style: theme.style(.helpHeading))] }
        let pad = String(repeating: " ", count: max(0, keyWidth - DisplayWidth.of(entry.keys)))
        return [Span(entry.keys + pad + "  ", style: theme.style(.helpKey)), Span(entry.summary, style: theme.style(.overlay))]
    }
    let container = Rect(x: 0, y: 1, width: geometry.size.width, height: max(0, geometry.size.height - 2))
    Overlay(title: "Keys — Esc closes, j/k scroll", lines: lines, offset: scroll, style: theme.style(.overlay),
            borderStyle: theme.style(.helpHeading), titleStyle: theme.style(.helpHeading))
        .render(into: &buffer, in: container)
}
