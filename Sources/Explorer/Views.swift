import IskraCore
import Synchronization
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
    if geometry.showsReader {
        drawReaderHeader(state, theme, geometry, &buffer)
        drawReader(state, theme, geometry, &buffer)
    }
    if let split = state.split, state.search == nil {
        if geometry.sideBySide { drawSide(state, split, theme, geometry, &buffer) } else { drawPeek(state, split, theme, &buffer) }
    }
    drawStatusBar(state, theme, geometry, &buffer)
    drawBookmarkOverlays(state, theme, geometry, &buffer)
    switch state.overlay {
    case .help(let scroll)?: drawHelp(scroll, theme, geometry, &buffer)
    case .peopleOnScreen(let people, let selection)?: drawPeopleOnScreen(state, people, selection, theme, geometry, &buffer)
    case .links(let links, let selection)?: drawLinkChooser(state, links, selection, theme, geometry, &buffer)
    case .citation(let text)?: drawCitation(text, theme, geometry, &buffer)
    case .bookmarkLabel?, .bookmarks?, .noteText?, nil: break
    }
}

private func drawTooSmall(_ state: AppState, _ theme: Theme, _ buffer: inout ScreenBuffer) {
    let size = state.size
    guard size.width > 0, size.height > 0 else { return }
    let minimum = ExplorerGeometry.minimumSize
    let lines = ["Terminal too small", "\(size.width)×\(size.height), need \(minimum.width)×\(minimum.height)", "q quits"]
    buffer.putCentered(lines.map { ($0, theme.style(.tooSmall)) })
}

private func drawTitleBar(_ state: AppState, _ theme: Theme, _ geometry: ExplorerGeometry, _ buffer: inout ScreenBuffer) {
    let left = [Span(" iskra ", style: theme.style(.titleBar)),
                Span("│ " + state.document.title, style: theme.style(.titleBarDim))]
    StatusBar(left: left, right: [], style: theme.style(.titleBarDim)).render(into: &buffer, in: geometry.titleBar)
}

/// The reader's title row: the page shown, and, when the reader has the focus, a bar that
/// says so (reverse video in monochrome) level with the navigator's tabs.
private func drawReaderHeader(_ state: AppState, _ theme: Theme, _ geometry: ExplorerGeometry, _ buffer: inout ScreenBuffer) {
    let focused = state.focus == .reader && state.split?.focused != true
    let style = theme.style(focused ? .paneHeaderFocused : .paneHeader)
    let page = state.page
    let title = state.search != nil ? "Search results" : state.book.pageLabel(page) + " · " + state.book.pageTitle(page)
    let marker = focused ? "▌" : " "
    StatusBar(left: [Span(marker + title + " ", style: style)], right: [], style: style)
        .render(into: &buffer, in: geometry.readerHeader)
}

private func drawNavigator(_ state: AppState, _ theme: Theme, _ geometry: ExplorerGeometry, _ buffer: inout ScreenBuffer) {
    tabBar(state, theme: theme).render(into: &buffer, in: geometry.tabBar)
    let focused = state.focus == .navigator
    let selectedStyle = theme.style(focused ? .listSelectedFocused : .listSelected)
    let selection = StylePatch(foreground: selectedStyle.foreground == .terminalDefault ? nil : selectedStyle.foreground,
                               background: selectedStyle.background == .terminalDefault ? nil : selectedStyle.background,
                               adding: selectedStyle.attributes)
    let list = state.currentList
    if state.showsCaption(state.tab) { drawCaption(state, theme, geometry.list.row(0), &buffer) }
    let rect = listRowsRect(state, state.tab)
    if list.rows.isEmpty {
        let empty = list.filter.isEmpty ? " No \(state.tab.itemsName) in this book." : " Nothing matches."
        buffer.putLine(empty, in: rect.row(0), style: theme.style(.listRowDim))
        return
    }
    func view(_ row: @escaping (Int) -> [Span]) -> ListView {
        ListView(count: list.rows.count, selected: list.selection, offset: list.offset,
                 selection: selection, scrollbarStyle: theme.style(.separator)) { row(list.rows[$0]) }
    }
    switch state.tab {
    case .chapters:
        let chapters = state.document.chapters
        let current: Int? = if case .chapter(let index) = state.page { index } else { nil }
        let numberWidth = String(chapters.count).count
        // The years show when titles keep a readable column beside them (not at 80 columns).
        let spanWidth = (state.chapterSpans.compactMap { $0.map(DisplayWidth.of) }.max() ?? 0) + 1
        let spans = rect.width - (1 + numberWidth + 1) - 1 - spanWidth >= 24 ? state.chapterSpans : []
        view { index in
            let row = numberedRow(state.document.chapterNumber(index), width: numberWidth, isCurrent: index == current, theme)
            let full = chapters[index].displayTitle
            // No years: the title as it is (the list clips it), measured nowhere.
            guard spans.indices.contains(index), let years = spans[index] else { return row + [Span(full, style: theme.style(.listRow))] }
            // The years its events span in a column of their own, never cut: the title gives way.
            let span = " " + years
            let room = max(1, rect.width - (1 + numberWidth + 1) - 1 - DisplayWidth.of(span))
            let width = DisplayWidth.of(full)
            let title = width <= room ? full : VisibleText.truncate(full, toWidth: room)
            let gap = room - (width <= room ? width : DisplayWidth.of(title))
            return row + [Span(title, style: theme.style(.listRow)),
                          Span(String(repeating: " ", count: max(0, gap)) + span, style: theme.style(.listRowDim))]
        }.render(into: &buffer, in: rect)
    case .timeline:
        guard let dates = state.dates else { break }
        let rows = list.rows
        let person = state.timelinePerson.map { state.book.people.people[$0] }
        // By position, so each row knows the one above it (each year is written once).
        ListView(count: rows.count, selected: list.selection, offset: list.offset, selection: selection,
                 scrollbarStyle: theme.style(.separator)) { position in
            timelineRow(state, dates, rows[position], previous: position > 0 ? rows[position - 1] : nil, person: person,
                        width: rect.width - 1, theme)
        }.render(into: &buffer, in: rect)
    case .sources:
        let sources = state.document.sources
        let current: Int? = if case .source(let index) = state.page { index } else { nil }
        let numberWidth = String(sources.count).count
        view { index in
            let source = sources[index]
            var spans = numberedRow(source.number, width: numberWidth, isCurrent: index == current, theme)
            if let evidence = state.evidence {
                // Author (short) and short title, then the year in a column of its own: the
                // title gives way first, the year is never cut.
                let entry = evidence.catalog.entries[index]
                let year = entry.year.map { " " + $0 } ?? ""
                let room = max(1, rect.width - (1 + numberWidth + 1) - 1 - DisplayWidth.of(year))
                let title = VisibleText.truncate(evidence.listTitles[index], toWidth: room)
                let author = evidence.listAuthors[index].map { $0 + ":" }
                if let author, title.hasPrefix(author) {
                    spans.append(Span(author, style: theme.style(.reader(.sourceAuthor))))
                    spans.append(Span(String(title.dropFirst(author.count)), style: theme.style(.listRow)))
                } else {
                    spans.append(Span(title, style: theme.style(.listRow)))
                }
                let gap = String(repeating: " ", count: max(0, room - DisplayWidth.of(title)))
                spans.append(Span(gap + year, style: theme.style(.listRowDim)))
                return spans
            }
            guard let author = source.author else {
                spans.append(Span(source.header, style: theme.style(.listRow)))
                return spans
            }
            // The date always shows whole (sourcing needs it), the author gives way to it, and
            // the title gets what is left, so that two works of one author stay apart ("New
            // Life · 7 Nov 1917", "New Life · 10 Nov 1917"); when the full name would leave the
            // title no room, the last name stands for it ("Trotsky: My Life…").
            let date = source.date.map { " · " + (DateKey($0)?.short ?? compactDate($0)) } ?? ""
            let room = rect.width - (1 + numberWidth + 1) - 1 - DisplayWidth.of(date)
            var shown = author
            if source.title != nil && room - DisplayWidth.of(author) - 2 < 12 {
                shown = author.split(separator: " ").last.map(String.init) ?? author
            }
            shown = VisibleText.truncate(shown, toWidth: max(1, room))
            spans.append(Span(shown, style: theme.style(.reader(.sourceAuthor))))
            if let title = source.title {
                let titleRoom = room - DisplayWidth.of(shown) - 2
                if titleRoom >= 4 { spans.append(Span(": " + VisibleText.truncate(title, toWidth: titleRoom), style: theme.style(.listRow))) }
            }
            spans.append(Span(date, style: theme.style(.listRowDim)))
            return spans
        }.render(into: &buffer, in: rect)
    case .notes:
        let notes = state.notes.placed
        view { index in
            let item = notes[index]
            // Where it is (or that it has no place), the note's words, then its quote.
            let place = item.anchoring.unit.map { shortLocator(state.book, unit: $0) } ?? "orphan"
            var spans = [Span(" " + place + " ", style: theme.style(item.anchoring.unit == nil ? .listCurrentMarker : .listRowDim))]
            if !item.note.isHighlight { spans.append(Span(VisibleText.sanitize(item.note.text) + " ", style: theme.style(.listRow))) }
            spans.append(Span("\u{201C}" + state.book.snippet(item.note.anchor.exact, from: 0, length: 80) + "\u{201D}",
                              style: theme.style(.listRowDim)))
            return spans
        }.render(into: &buffer, in: rect)
    case .people:
        let people = state.book.people
        let current: Int? = if case .person(let index) = state.page { index } else { nil }
        let countWidth = state.book.mentionCountWidth
        view { person in
            let count = String(people.mentionCount(of: person))
            let name = people.people[person].name + (people.people[person].verified ? "" : " ?")
            return [Span(person == current ? "▸" : " ", style: theme.style(.listCurrentMarker)),
                    Span(String(repeating: " ", count: max(0, countWidth - count.count)) + count + " ", style: theme.style(.listRowDim)),
                    Span(name, style: theme.style(.listRow))]
        }.render(into: &buffer, in: rect)
    }
}

/// The filter typed with `f`, above the list it filters, with how many rows it keeps.
/// The row above a filtered or sorted list: the filter typed with `f` and how many rows it
/// keeps, and the order `s` chose when it is not the list's own.
private func drawCaption(_ state: AppState, _ theme: Theme, _ row: Rect, _ buffer: inout ScreenBuffer) {
    let list = state.currentList
    if state.tab == .timeline && !list.isFiltering && (!state.typedYear.isEmpty || state.timelinePerson != nil) {
        // The year being typed, or whose dates these are; the kinds shown when not all.
        var parts: [String] = []
        if let person = state.timelinePerson { parts.append("dates naming " + state.book.people.people[person].name) }
        if !state.typedYear.isEmpty { parts.append("year " + state.typedYear + "▏") }
        if list.order != list.defaultOrder { parts.append(list.order.label) }
        if !list.filter.isEmpty { parts.append("filter: " + list.filter) }
        buffer.putLine(" " + parts.joined(separator: " · ") + " · Esc clears", in: row, style: theme.style(.searchSummary))
        return
    }
    var order = ""
    if list.order != list.defaultOrder {
        let missing = list.order == .date ? ", undated last" : list.order == .author ? ", anonymous last" : ""
        order = list.order.label + missing
    }
    guard list.isFiltering || !list.filter.isEmpty else {
        buffer.putLine(" " + order, in: row, style: theme.style(.searchSummary))
        return
    }
    let count = "  \(list.rows.count) of \(listTotal(state, state.tab))" + (order.isEmpty ? "" : " · " + list.order.label)
    // The cursor where typing happens, kept in view with the count.
    let room = row.width - DisplayWidth.of(" filter: ") - DisplayWidth.of(count)
    let (before, after) = list.filterLine.visible(width: max(1, room - 1))
    let filter = list.isFiltering ? before + "▏" + after : before + after
    buffer.putLine(spans: [Span(" filter: ", style: theme.style(.listRowDim)),
                           Span(filter, style: theme.style(.searchSummary)),
                           Span(count, style: theme.style(.listRowDim))],
                   in: row)
}

/// Items a list holds unfiltered.
func listTotal(_ state: AppState, _ tab: NavigatorTab) -> Int {
    switch tab {
    case .chapters: return state.chapterCount
    case .people: return state.book.people.people.count
    case .sources: return state.sourceCount
    case .timeline: return state.dates?.dates.count ?? 0
    case .notes: return state.notes.placed.count
    }
}

private func drawReader(_ state: AppState, _ theme: Theme, _ geometry: ExplorerGeometry, _ buffer: inout ScreenBuffer) {
    let pane = geometry.reader
    if let session = state.search {
        drawSearchResults(state, session, theme, pane, &buffer)
        return
    }
    drawLayout(state, state.reader, top: state.readerTop, cursor: state.readerCursor, focused: state.focus == .reader,
               in: pane, textX: geometry.readerTextX, gutter: geometry.paragraphGutter, theme, &buffer)
    if state.reader.lines.isEmpty, pane.height > 0 {
        buffer.put("This book has no text.", at: Point(x: geometry.readerTextX, y: pane.y), style: theme.style(.listRowDim),
                   clip: pane)
    }
}

/// Draws a layout's lines from `top` into `pane` (text from column `textX`): book text with
/// its names, hits and shared words styled, the margin marks of paragraphs linked to sources
/// in the pane's first column, and on a card the cursor's row. `gutter`: columns left of
/// `textX` for each paragraph's number (0: none shown).
func drawLayout(_ state: AppState, _ layout: ReaderLayout, top: Int, cursor: Int?, focused: Bool, in pane: Rect, textX: Int,
                gutter: Int = 0, _ theme: Theme, _ buffer: inout ScreenBuffer) {
    let clip = pane
    let lines = layout.lines
    // A paragraph spans several lines: gather its highlights once, not once per line, and only
    // for the stretch on screen (a paragraph can be megabytes long).
    var shown: [Int: Range<Int>] = [:]
    for index in top ..< min(lines.count, top + pane.height) {
        guard let unit = lines[index].unit else { continue }
        let range = lines[index].range
        shown[unit] = shown[unit].map { min($0.lowerBound, range.lowerBound) ..< max($0.upperBound, range.upperBound) } ?? range
    }
    var cachedUnit: Int?
    var cachedOverlays: [StyledRange] = []
    for row in 0..<pane.height {
        let index = top + row
        guard index < lines.count else { break }
        let line = lines[index]
        let y = pane.y + row
        var x = textX
        if let unit = line.unit, let mark = state.evidence?.mark(ofUnit: unit) {
            buffer.put(Evidence.glyph(mark), at: Point(x: pane.x, y: y),
                       style: theme.style(.reader(mark == .quoted ? .linkQuoted : .linkRelated)), clip: clip)
        }
        if gutter > 0, let unit = line.unit, line.range.lowerBound == 0, layout.firstLine[unit] == index,
           let number = state.book.paragraphNumber(ofUnit: unit) {
            // Right-aligned against the text, so the numbers line up.
            let text = String(number)
            buffer.put(text, at: Point(x: textX - 1 - text.count, y: y), style: theme.style(.listRowDim), clip: clip)
        }
        if let unit = line.unit, let noted = state.notes.byUnit[unit],
           noted.contains(where: { state.notes.placed[$0].anchoring.range?.overlaps(line.range) == true }) {
            // A mark beside each line with noted words, readable without colours.
            buffer.put("\u{2022}", at: Point(x: pane.x + 1, y: y), style: theme.style(.reader(.noteMark)), clip: clip)
        }
        if !line.prefix.isEmpty {
            let prefixRole: LineRole = line.role == .quotation ? .separator : line.role
            x += buffer.put(line.prefix, at: Point(x: x, y: y), style: theme.style(.reader(prefixRole)), clip: clip)
        }
        if let unit = line.unit {
            let base = theme.style(.reader(line.role))
            if cachedUnit != unit {
                cachedUnit = unit
                cachedOverlays = overlays(state, unit: unit, range: shown[unit] ?? line.range)
            }
            x += buffer.put(spans: styledSpans(line, base: base, overlays: cachedOverlays, theme: theme),
                            at: Point(x: x, y: y), clip: clip)
        }
        var parts = line.parts
        if let columns = line.mentionColumns, case .mention(let mention)? = line.target {
            parts = PersonCard.mentionParts(book: state.book, mention: mention, columns: columns)
        }
        for part in parts {
            x += buffer.put(part.text, at: Point(x: x, y: y), style: theme.style(.reader(part.role)), clip: clip)
        }
        if index == cursor {
            // A marker as well as the bar, so the row chosen shows without colours too (rows that
            // begin with the "you were reading here" mark ▸ show it instead).
            if line.parts.first?.text.hasPrefix("▸") != true {
                buffer.put("▶", at: Point(x: pane.x + 1, y: y), style: theme.style(.listCurrentMarker), clip: clip)
            }
            let style = theme.style(focused ? .listSelectedFocused : .listSelected)
            buffer.apply(StylePatch(foreground: nil, background: style.background == .terminalDefault ? nil : style.background,
                                    adding: style.background == .terminalDefault ? style.attributes.union(.reverse) : []),
                         in: Rect(x: pane.x + 1, y: y, width: max(0, pane.width - 1), height: 1))
        }
    }
}

/// The source beside the story: its header row (a bar when it has the focus) and its text.
private func drawSide(_ state: AppState, _ split: SourcePeek, _ theme: Theme, _ geometry: ExplorerGeometry,
                      _ buffer: inout ScreenBuffer) {
    let style = theme.style(split.focused ? .paneHeaderFocused : .paneHeader)
    let title = state.book.pageLabel(.source(split.source)) + " · " + state.book.pageTitle(.source(split.source))
    StatusBar(left: [Span((split.focused ? "▌" : " ") + title + " ", style: style)], right: [], style: style)
        .render(into: &buffer, in: geometry.sidePane.row(0))
    drawLayout(state, split.layout, top: split.top, cursor: nil, focused: split.focused, in: geometry.side,
               textX: geometry.side.x + 2 + geometry.paragraphGutter, gutter: geometry.paragraphGutter, theme, &buffer)
}

/// Below 100 columns, the source in a box over the reader.
private func drawPeek(_ state: AppState, _ split: SourcePeek, _ theme: Theme, _ buffer: inout ScreenBuffer) {
    let box = peekBox(state)
    guard box.width > 6, box.height > 3 else { return }
    let inner = Rect(x: box.x + 1, y: box.y + 1, width: box.width - 2, height: box.height - 2)
    buffer.fill(box, with: Cell(" ", style: theme.style(.overlay)))
    let title = " " + state.book.pageLabel(.source(split.source)) + " · j/k scroll · | closes "
    Frame(title: VisibleText.truncate(title, toWidth: max(1, box.width - 4)), style: theme.style(.helpHeading),
          titleStyle: theme.style(.helpHeading)).render(into: &buffer, in: box)
    drawLayout(state, split.layout, top: split.top, cursor: nil, focused: true, in: inner,
               textX: inner.x + 2 + state.paragraphGutter, gutter: state.paragraphGutter, theme, &buffer)
}

/// What is styled inside a unit's scalars `range` (or a little beyond), lowest priority first:
/// source header fields, people's names, search hits (those of the passage stepped to as
/// current), then the current hit or mention.
func overlays(_ state: AppState, unit: Int, range: Range<Int>) -> [StyledRange] {
    var result = (state.book.headerFields[unit] ?? []).map { field -> StyledRange in
        switch field.field {
        case .author: return StyledRange(field.range, .sourceAuthor)
        case .work: return StyledRange(field.range, .sourceWork)
        case .date: return StyledRange(field.range, .sourceDate)
        }
    }
    // Noted words under names and hits: those still show whose they are.
    for index in state.notes.byUnit[unit] ?? [] {
        if let noted = state.notes.placed[index].anchoring.range { result.append(StyledRange(noted, .noted)) }
    }
    for span in state.book.people.mentions(inUnit: unit, overlapping: range) {
        result.append(StyledRange(span.offset..<(span.offset + span.length), .person))
    }
    if let results = state.activeResults {
        // Every hit of the passage stepped to is current.
        var current = false
        if case .search(let passage)? = state.stepping, passage < results.passageCount {
            current = results.unit(ofPassage: passage) == unit
        }
        for hit in results.hits(inUnit: unit, overlapping: range) {
            result.append(StyledRange(hit.offset..<(hit.offset + hit.length), current ? .currentHit : .hit))
        }
    }
    if let followed = state.followedLink, let link = state.evidence?.catalog.links[followed] {
        // The words a source and the paragraph that quotes it share, on both sides.
        for span in link.spans {
            if link.unit == unit { result.append(StyledRange(span.narrativeRange, .shared)) }
            if span.sourceUnit == unit { result.append(StyledRange(span.sourceRange, .shared)) }
        }
    }
    if let focus = state.focusSpan, focus.unit == unit {
        result.append(StyledRange(focus.range, .currentHit))
    }
    if let selection = state.textSelection, selection.unit == unit {
        result.append(StyledRange(selection.range, .selected))
    }
    return result
}

/// The line's text cut into spans where overlays (unit offsets) change its style; a later
/// overlay wins where they overlap.
func styledSpans(_ line: ReaderLine, base: Style, overlays: [StyledRange], theme: Theme) -> [Span] {
    let visible = overlays.filter { $0.range.overlaps(line.range) }
    guard !visible.isEmpty else { return [Span(line.text, style: base)] }
    let scalars = Array(line.text.unicodeScalars)
    var roles = [LineRole?](repeating: nil, count: scalars.count)
    for overlay in visible {
        let from = max(0, overlay.range.lowerBound - line.range.lowerBound)
        let to = min(scalars.count, overlay.range.upperBound - line.range.lowerBound)
        if from < to { for i in from..<to { roles[i] = overlay.role } }
    }
    var spans: [Span] = []
    var start = 0
    while start < scalars.count {
        var end = start + 1
        while end < scalars.count && roles[end] == roles[start] { end += 1 }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<end])
        spans.append(Span(String(text), style: roles[start].map { theme.style(.reader($0)) } ?? base))
        start = end
    }
    return spans
}

private func drawSearchResults(_ state: AppState, _ session: SearchSession, _ theme: Theme, _ pane: Rect,
                               _ buffer: inout ScreenBuffer) {
    let rows = session.rows
    let width = pane.width - 2
    let x = pane.x + 1
    guard width > 4 else { return }
    let visible = ListViewport.visibleRange(offset: session.offset, count: rows.count, height: pane.height)
    for (screenRow, row) in visible.enumerated() {
        let y = pane.y + screenRow
        let rect = Rect(x: x, y: y, width: width, height: 1)
        switch rows[row] {
        case .summary:
            let text: String
            if session.query.trimmingSpaces.isEmpty {
                text = "Type to search the book and its sources. ? shows the syntax."
            } else if session.waitingForIndex {
                text = "Indexing the book for search… the results appear as soon as it is done"
            } else {
                text = searchSummary(session)
            }
            buffer.putLine(text, in: rect, style: theme.style(.searchSummary))
        case .person(let index):
            let match = session.people[index]
            let person = state.book.people.people[match.index]
            let count = state.book.people.mentionCount(of: match.index)
            let form = match.form == person.name ? "" : " (as \(match.form))"
            buffer.putLine(spans: [Span("  person  ", style: theme.style(.reader(.kwicWhere))),
                                   Span(person.name, style: theme.style(.reader(.kwicKeyword))),
                                   Span(form + " · " + mentionsLabel(count), style: theme.style(.listRowDim))], in: rect)
        case .source(let index):
            let source = session.sources[index]
            let title = state.evidence?.listTitle(ofSource: source, book: state.book) ?? state.book.pageTitle(.source(source))
            let year = state.evidence?.catalog.entries[source].year.map { " · " + $0 } ?? ""
            buffer.putLine(spans: [Span("  source  ", style: theme.style(.reader(.kwicWhere))),
                                   Span("\(state.document.sources[source].number) " + title, style: theme.style(.reader(.kwicKeyword))),
                                   Span(year + " · Enter: card", style: theme.style(.listRowDim))], in: rect)
        case .group(let index):
            guard let results = session.results else { break }
            let group = results.groups[index]
            // In passages, as the rows below; the hits too when some passage holds several.
            let count = plural(group.passageCount, "passage") + (group.count == group.passageCount ? "" : ", " + plural(group.count, "hit"))
            buffer.putLine(spans: [Span(count + " · ", style: theme.style(.listRowDim)),
                                   Span(groupLabel(state.book, group.container), style: theme.style(.searchGroup))],
                           in: rect)
        case .passage(let passage):
            guard let results = session.results else { break }
            buffer.putLine(spans: passageRow(state.book, results, passage, width: width, theme: theme), in: rect)
        }
        if row == session.selection {
            buffer.apply(StylePatch(adding: .bold), in: rect)
            buffer.put("▶", at: Point(x: pane.x, y: y), style: theme.style(.listCurrentMarker))
        }
    }
}

/// A passage of the results: the line where its first hit is, how many hits it holds when
/// more than one, and its first hit in context with every other hit in view highlighted too.
func passageRow(_ book: Book, _ results: SearchResults, _ passage: Int, width: Int, theme: Theme) -> [Span] {
    let unit = results.unit(ofPassage: passage)
    let hits = results.hits(inUnit: unit)
    guard let first = hits.first else { return [] }
    let line = book.position(of: first).line
    // The count column only when some passage holds several hits, so rows line up.
    let countWidth = results.count > results.passageCount ? 4 : 0
    let count = hits.count == 1 ? "" : hits.count > 99 ? "×99+" : "×\(hits.count)"
    let labelWidth = 8 + countWidth
    // The keyword's columns come out of the right context, so the row ends where the pane does
    // (with … when cut) and the hits after it in the row are whole.
    let contextWidth = width - labelWidth
    let leftWidth = max(4, contextWidth * 2 / 5)
    let kwic = KeywordInContext(text: book.units[unit].text, offset: first.offset, length: first.length,
                                leftWidth: leftWidth, rightWidth: max(4, contextWidth - leftWidth - first.length),
                                marks: hits.dropFirst().map { $0.offset ..< ($0.offset + $0.length) })
    let hitStyle = theme.style(.reader(.hit))
    func spans(_ pieces: [KeywordInContext.Piece]) -> [Span] {
        pieces.map { Span($0.text, style: $0.marked ? hitStyle : .plain) }
    }
    let label = "  \(line)" + (count.isEmpty ? "" : " " + count)
    return [Span(PersonCard.pad(label, labelWidth), style: theme.style(.reader(.kwicWhere)))]
        + spans(kwic.leftPieces) + [Span(kwic.keyword, style: hitStyle)] + spans(kwic.rightPieces)
}

/// The file line of the first text at the top of the reader (nil on a card or a list).
func readerTopLine(_ state: AppState) -> Int? {
    guard state.page.isText else { return nil }
    let lines = state.reader.lines
    let end = min(lines.count, state.readerTop + max(1, state.readerHeight))
    guard state.readerTop < end else { return nil }
    for line in lines[state.readerTop..<end] {
        if let unit = line.unit {
            return state.book.units[unit].paragraph.position(ofScalarOffset: line.range.lowerBound).line
        }
    }
    return nil
}

/// Where the reader is in its page, as less shows it: Top, Bot, All or a percentage of the
/// way to the last line on screen.
func readerPosition(_ state: AppState) -> String {
    let layout = state.reader
    if layout.isWindowed {
        // A long page is laid out in stretches: say how far through its text the top is (in
        // pieces, so that a page that is one huge paragraph counts too).
        let anchor = state.readerAnchor
        let piece = anchor.unit.map { state.book.piece(ofUnit: $0, offset: anchor.offset) } ?? layout.pieceWindow.lowerBound
        let done = max(0, piece - layout.pieceBody.lowerBound) * 100 / max(1, layout.pieceBody.count)
        if layout.windowAtStart && state.readerTop == 0 { return "Top" }
        if layout.windowAtEnd && state.readerTop >= state.maxReaderTop { return "Bot" }
        return "\(min(99, done))%"
    }
    let total = state.reader.lines.count
    let height = state.readerHeight
    if total <= height { return "All" }
    if state.readerTop == 0 { return "Top" }
    if state.readerTop >= state.maxReaderTop { return "Bot" }
    return "\(min(99, (state.readerTop + height) * 100 / total))%"
}

/// The start of a Chapters or Sources row: the "you are here" marker and the right-aligned number.
/// `number` nil: a row with no number (a book's front or back matter).
private func numberedRow(_ number: Int?, width: Int, isCurrent: Bool, _ theme: Theme) -> [Span] {
    let text = number.map(String.init) ?? "\u{B7}"
    return [Span(isCurrent ? "▸" : " ", style: theme.style(.listCurrentMarker)),
            Span(String(repeating: " ", count: max(0, width - text.count)) + text + " ", style: theme.style(.listRowDim))]
}

/// The results' first line: how many and where, and why a query may find less than expected.
func searchSummary(_ session: SearchSession) -> String {
    let query = session.results?.query ?? SearchQuery(session.query)
    // Why a query finds less comes first and short, so a narrow pane still shows it.
    var parts: [String] = []
    let scopes = query.ignored.filter { $0.hasPrefix("in:") || $0.hasPrefix("-in:") }
    if !scopes.isEmpty {
        parts.append(scopes.joined(separator: ", ") + " ignored: scopes are in:sources, in:chapters")
    }
    if !query.authors.isEmpty {
        let by = query.authors.joined(separator: " ")
        if session.authorMatches == 0 {
            parts.append("No source's author matches \(by)")
        } else if query.isEmpty {
            parts.append(plural(session.sources.count, "source") + " by \(by)")
        } else {
            parts.append("\(session.sources.count) of \(plural(session.authorMatches, "source")) by \(by)")
        }
    }
    if let results = session.results {
        if results.isEmpty && session.people.isEmpty && session.caseHint {
            parts.append("No hits: capitals make case count, try \(session.query.lowercased())")
        } else {
            let people = session.people.isEmpty ? "" : " · \(session.people.count) \(session.people.count == 1 ? "person" : "people")"
            parts.append(results.summary + people)
        }
    } else if !query.excludedTerms.isEmpty {
        parts.append("-word only leaves paragraphs out: add a word")
    } else if query.authors.isEmpty {
        parts.append("Nothing to search for yet")
    }
    return parts.joined(separator: " · ")
}

private func drawStatusBar(_ state: AppState, _ theme: Theme, _ geometry: ExplorerGeometry, _ buffer: inout ScreenBuffer) {
    let width = geometry.size.width
    if let session = state.search {
        let count = session.waitingForIndex ? "indexing…" : session.results.map(\.countLabel) ?? ""
        // A notice (the line is full, still indexing) gets up to half the bar until the next key.
        let noticeWidth = state.notice.map { min(DisplayWidth.of($0) + 2, width / 2) } ?? 0
        // The cursor stays in view: a long query is cut before it first, then after it.
        let (before, after) = session.line.visible(width: width - 7 - noticeWidth)
        let left = [Span(" / ", style: theme.style(.searchPrompt)),
                    Span(" " + before + "▏" + after, style: theme.style(.searchInput))]
        // What is being typed comes first: the key hints, then the count, give way to it.
        let room = width - Span.width(of: left) - 1
        let full = count + "  ↑↓ choose  Enter open  Esc back "
        let right = DisplayWidth.of(full) <= room ? full : DisplayWidth.of(count) + 1 <= room ? count + " " : ""
        let said: [Span] = if let notice = state.notice {
            [Span(" " + VisibleText.truncate(notice, toWidth: max(0, noticeWidth - 2)) + " ", style: theme.style(.notice))]
        } else {
            right.isEmpty ? [] : [Span(right, style: theme.style(.statusHint))]
        }
        StatusBar(left: left, right: said, style: theme.style(.searchInput)).render(into: &buffer, in: geometry.statusBar)
        return
    }
    let position: String
    if state.geometry.isOnePane && state.focus == .navigator {
        // Only the list is on screen: where its cursor is, not the hidden reader.
        let list = state.currentList
        let count = state.document.isOpeningOnly ? "" : "/\(list.rows.count)"
        position = " \(state.tab.label) \(list.rows.isEmpty ? 0 : list.selection + 1)\(count) "
    } else {
        // The file line at the top of the reader, as search, bookmarks and citations give it.
        let line = readerTopLine(state).map { " · line \($0)" } ?? ""
        position = " \(state.book.pageLabel(state.page)) · \(readerPosition(state))\(line) "
    }
    let steps = stepLabels(state)
    let room = width - DisplayWidth.of("? help ") - 1
    var where_ = steps.map { position + $0 }.first { DisplayWidth.of($0) <= room } ?? position
    let left: [Span]
    if let notice = state.notice {
        // A notice is read once: where you are gives way to it (a citation copied is long).
        let noticeWidth = DisplayWidth.of(notice) + 2
        where_ = [where_, position, " " + state.book.pageLabel(state.page) + " ", ""]
            .first { DisplayWidth.of($0) + noticeWidth <= room } ?? ""
        left = [Span(where_, style: theme.style(.statusBar)), Span(" " + notice + " ", style: theme.style(.notice))]
    } else {
        left = [Span(where_, style: theme.style(.statusBar))]
    }
    // Where you are and any notice come first; the key hints give way when space runs out,
    // keeping the name of the focused pane as long as they can.
    let leftWidth = Span.width(of: left)
    let hints = state.notice == nil ? statusHints(state).first { leftWidth + DisplayWidth.of($0) + 1 <= width } : nil
    let right = [Span(hints ?? "? help ", style: theme.style(.statusHint))]
    StatusBar(left: left, right: right, style: theme.style(.statusBar))
        .render(into: &buffer, in: geometry.statusBar)
}

/// The search hit or mention counter, longest first, only while it describes what is on
/// screen: on the card of the person followed, or on the page of the hit or mention jumped to
/// (`n` on another page brings it back).
func stepLabels(_ state: AppState) -> [String] {
    switch state.stepping {
    case .search(let passage)?:
        guard state.focusSpan != nil, let results = state.activeResults else { return [""] }
        // Which search: another may have been typed and left since (Esc keeps these results).
        let query = VisibleText.truncate(VisibleText.sanitize(results.query.text.trimmingSpaces), toWidth: 24)
        return ["· \(query): passage \(passage + 1)/\(results.passageCount) ", "· passage \(passage + 1)/\(results.passageCount) "]
    case .person(let person, let mention)?:
        let onCard = state.page == .person(person)
        guard onCard || (state.focusSpan != nil && mention >= 0) else { return [""] }
        let total = state.book.people.mentionCount(of: person)
        let name = state.book.people.people[person].name
        // With the name when there is room for it and without when not, so a narrow bar
        // never cuts a count short.
        return mention >= 0 ? ["· \(name) \(mention + 1)/\(total) ", "· \(mention + 1)/\(total) "]
            : ["· \(name): \(mentionsLabel(total)) ", "· \(mentionsLabel(total)) "]
    case .shared(let person, let other, let passage)?:
        let onList = state.page == .shared(person, with: other)
        guard onList || (state.focusSpan != nil && passage >= 0) else { return [""] }
        let total = state.book.people.coOccurrenceCount(person, other)
        let names = state.book.pageTitle(.shared(person, with: other))
        return passage >= 0 ? ["· \(names) \(passage + 1)/\(total) ", "· together \(passage + 1)/\(total) "]
            : ["· \(names): \(plural(total, "passage")) ", "· \(plural(total, "passage")) together "]
    case nil:
        return [""]
    }
}

/// The key hints for the status bar, longest first; each names the pane that has the focus.
func statusHints(_ state: AppState) -> [String] {
    // An overlay has the keys while it is open: its hints, not the pane's underneath.
    switch state.overlay {
    case .help?: return ["Help: ↑↓ PgUp PgDn scroll  Esc close ", "Help: Esc close "]
    case .peopleOnScreen?: return ["Named here: ↑↓ choose  Enter card  Esc close ", "Enter card  Esc close "]
    case .links?: return ["Links: ↑↓ choose  Enter follow  Esc close ", "Enter follow  Esc close "]
    case .citation?: return ["Citation: select it with the mouse (the mouse is yours while this is open)  any key closes ", "Citation: select it  any key closes ", "any key closes "]
    case .bookmarks?: return ["Bookmarks: ↑↓ choose  Enter jump  d delete  u undo  Esc close ", "Bookmarks: Esc close "]
    case .bookmarkLabel?, .noteText?, nil: break
    }
    if let selection = state.textSelection {
        let words = selection.range.count
        return ["Choosing words (\(words) characters): w/b word  s/S sentence  W/B start  a note  y cite  Esc stop ",
                "Choosing: w/b word  s/S sentence  a note  Esc ", "a note  y cite  Esc "]
    }
    let list = state.currentList
    if list.isFiltering {
        return ["\(state.tab.label) list: type to filter  Enter open  ↑↓ choose  Esc clears ",
                "type to filter  Esc clears "]
    }
    if let split = state.split {
        let side = split.focused ? "Source" : "Story"
        return state.splitsSideBySide
            ? ["\(side): ↑↓ scroll  Tab story/source  | close  x follow  h back  ? help ", "\(side): Tab switch  | close ", "| close "]
            : ["Source box: ↑↓ scroll  | or Esc close  ? help ", "Source box: | close "]
    }
    let onePane = state.geometry.isOnePane
    switch state.focus {
    case .navigator where state.tab == .notes:
        let other = onePane ? "Tab reader" : "Tab → reader"
        let orphans = state.notes.orphanCount
        let count = orphans > 0 ? " (\(orphans) orphan\(orphans == 1 ? "" : "s"))" : ""
        return ["Notes\(count): Enter jump  e edit  d delete  u undo  y cite  f filter  \(other)  ? help ",
                "Notes: Enter jump  e edit  d delete  \(other) ", "Notes: \(other)  ? help ", "Notes  ? help "]
    case .navigator where state.tab == .timeline:
        let other = onePane ? "Tab reader" : "Tab → reader"
        return ["Timeline: Enter read  type a year  s kinds  f filter  \(other)  ? help ",
                "Timeline: Enter read  type a year  \(other) ", "Timeline: \(other)  ? help ", "Timeline  ? help "]
    case .navigator:
        let name = "\(state.tab.label) list"
        let open = state.tab == .people ? "Enter card" : "Enter read"
        let sort = state.tab.orders.count > 1 ? "  s sort" : ""
        let other = onePane ? "Tab reader" : "Tab → reader"
        return ["\(name): \(open)  f filter\(sort)  \(other)  / search  ? help  q quit ",
                "\(name): \(open)  \(other)  ? help ", "\(name): \(other)  ? help ", "\(name)  ? help "]
    case .reader:
        let other = onePane ? "Tab list" : "Tab → list"
        switch state.page {
        case .person:
            return ["Card: ↑↓ choose  Enter open  n/N step  h back  \(other)  ? help ",
                    "Card: Enter open  \(other)  ? help ", "Card: \(other)  ? help ", "Card  ? help "]
        case .shared:
            return ["Passages: ↑↓ choose  Enter open  n/N step  h back  \(other)  ? help ",
                    "Passages: Enter open  \(other)  ? help ", "Passages: \(other)  ? help ", "Passages  ? help "]
        case .sourceCard:
            return ["Source card: ↑↓ choose  Enter open  c text  | beside  h back  \(other)  ? help ",
                    "Source card: Enter open  \(other)  ? help ", "Source card: \(other)  ? help ", "Card  ? help "]
        case .chapter, .source:
            break
        }
        return ["Reader: ↑↓ scroll  \(other)  / search  n/N next  x source  c card  ? help  q quit ",
                "Reader: \(other)  / search  ? help ", "Reader: \(other)  ? help ", "Reader  ? help "]
    }
}

private func drawHelp(_ scroll: Int, _ theme: Theme, _ geometry: ExplorerGeometry, _ buffer: inout ScreenBuffer) {
    let rows = helpRows(screenWidth: geometry.size.width)
    let lines: [[Span]] = rows.map { row in
        if row.isHeading { return [Span(row.keys, style: theme.style(.helpHeading))] }
        return [Span(row.keys, style: theme.style(.helpKey)), Span(row.summary, style: theme.style(.overlay))]
    }
    let container = Rect(x: 0, y: 1, width: geometry.size.width, height: max(0, geometry.size.height - 2))
    let visible = max(0, container.height - 2)
    let more = scroll + visible < lines.count ? " · ↓ more" : ""
    Overlay(title: "Keys — Esc closes, j/k/Space scroll" + more, lines: lines, offset: scroll, style: theme.style(.overlay),
            borderStyle: theme.style(.helpHeading), titleStyle: theme.style(.helpHeading))
        .render(into: &buffer, in: container)
}

/// The help as rows that fit the screen: keys in a column, summaries wrapped beside them.
/// Laid out once per screen width (the help is drawn, and scrolled, every frame it is open).
func helpRows(screenWidth: Int) -> [(keys: String, summary: String, isHeading: Bool)] {
    if let rows = helpLayouts.withLock({ $0[screenWidth] }) { return rows }
    let rows = layOutHelp(screenWidth: screenWidth)
    helpLayouts.withLock { layouts in
        // A handful of widths in a session; a resize storm must not grow it without bound.
        if layouts.count > 16 { layouts.removeAll() }
        layouts[screenWidth] = rows
    }
    return rows
}

private let helpLayouts = Mutex<[Int: [(keys: String, summary: String, isHeading: Bool)]]>([:])

private func layOutHelp(screenWidth: Int) -> [(keys: String, summary: String, isHeading: Bool)] {
    let entries = Keymap.helpLines()
    let keyWidth = entries.filter { !$0.isHeading }.map { DisplayWidth.of($0.keys) }.max() ?? 0
    // The overlay's border and padding take four columns.
    let summaryWidth = max(10, screenWidth - 4 - keyWidth - 2)
    var rows: [(keys: String, summary: String, isHeading: Bool)] = []
    // Too narrow for a key column beside the words: each key on its line, the words below.
    let stacked = summaryWidth < 30
    for entry in entries {
        if entry.isHeading {
            // A long heading wraps rather than being cut at the box's edge.
            for line in WordWrap.wrap(entry.keys, width: max(10, screenWidth - 4)) {
                rows.append((String(line.text(in: entry.keys)), "", true))
            }
            continue
        }
        if entry.summary.isEmpty {
            rows.append((entry.keys, entry.summary, false))
            continue
        }
        if stacked {
            if !entry.keys.isEmpty { rows.append((entry.keys, "", false)) }
            for line in WordWrap.wrap(entry.summary, width: max(10, screenWidth - 4 - 2)) {
                rows.append(("  ", String(line.text(in: entry.summary)), false))
            }
            continue
        }
        let pad = String(repeating: " ", count: max(0, keyWidth - DisplayWidth.of(entry.keys))) + "  "
        let blank = String(repeating: " ", count: keyWidth + 2)
        for (i, line) in WordWrap.wrap(entry.summary, width: summaryWidth).enumerated() {
            rows.append((i == 0 ? entry.keys + pad : blank, String(line.text(in: entry.summary)), false))
        }
    }
    return rows
}

/// "1 mention", "12 mentions".
func mentionsLabel(_ count: Int) -> String { "\(count) mention\(count == 1 ? "" : "s")" }

private func drawPeopleOnScreen(_ state: AppState, _ people: [Int], _ selection: Int, _ theme: Theme,
                                _ geometry: ExplorerGeometry, _ buffer: inout ScreenBuffer) {
    let index = state.book.people
    let lines: [[Span]] = people.enumerated().map { row, person in
        let marker = row == selection ? "▶ " : "  "
        let style = row == selection ? theme.style(.listSelectedFocused) : theme.style(.overlay)
        return [Span(marker, style: theme.style(.listCurrentMarker)), Span(index.people[person].name, style: style),
                Span("  " + mentionsLabel(index.mentionCount(of: person)), style: theme.style(.listRowDim))]
    }
    let container = Rect(x: 0, y: 1, width: geometry.size.width, height: max(0, geometry.size.height - 2))
    let offset = max(0, selection - max(1, container.height - 3) + 1)
    Overlay(title: "Named on this screen — Enter opens a card", lines: lines, offset: offset, style: theme.style(.overlay),
            borderStyle: theme.style(.helpHeading), titleStyle: theme.style(.helpHeading))
        .render(into: &buffer, in: container)
}

/// A citation the terminal could not take on its clipboard, wrapped in a box to select.
private func drawCitation(_ text: String, _ theme: Theme, _ geometry: ExplorerGeometry, _ buffer: inout ScreenBuffer) {
    let width = max(10, min(geometry.size.width - 6, 90))
    var lines: [[Span]] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let line = String(paragraph)
        for wrapped in WordWrap.wrap(line, width: width) {
            lines.append([Span(VisibleText.sanitize(String(wrapped.text(in: line))), style: theme.style(.overlay))])
        }
    }
    let container = Rect(x: 0, y: 1, width: geometry.size.width, height: max(0, geometry.size.height - 2))
    Overlay(title: "This terminal cannot take the clipboard: select the citation", lines: lines, style: theme.style(.overlay),
            borderStyle: theme.style(.helpHeading), titleStyle: theme.style(.helpHeading))
        .render(into: &buffer, in: container)
}

/// `x` on a paragraph with several links: each with its kind and where it leads.
private func drawLinkChooser(_ state: AppState, _ links: [Int], _ selection: Int, _ theme: Theme,
                             _ geometry: ExplorerGeometry, _ buffer: inout ScreenBuffer) {
    guard let catalog = state.evidence?.catalog else { return }
    let toSource = state.page.isChapter
    let room = max(10, geometry.size.width - 12)
    let lines: [[Span]] = links.enumerated().map { row, index in
        let link = catalog.links[index]
        let marker = row == selection ? "▶ " : "  "
        let style = row == selection ? theme.style(.listSelectedFocused) : theme.style(.overlay)
        let target = toSource ? "Source \(state.document.sources[link.source].number) · "
            + (state.evidence?.listTitle(ofSource: link.source, book: state.book) ?? "")
            : state.book.document.shortChapterLabel(link.chapter) + " · line \(link.line) · " + state.book.pageTitle(.chapter(link.chapter))
        let kind = link.kind == .quoted ? "┃ quoted   " : "┆ proposed "
        return [Span(marker, style: theme.style(.listCurrentMarker)),
                Span(kind, style: theme.style(.reader(link.kind == .quoted ? .linkQuoted : .linkRelated))),
                Span(VisibleText.truncate(target, toWidth: room - 13), style: style)]
    }
    let container = Rect(x: 0, y: 1, width: geometry.size.width, height: max(0, geometry.size.height - 2))
    let offset = max(0, selection - max(1, container.height - 3) + 1)
    Overlay(title: "Linked here — Enter follows", lines: lines, offset: offset, style: theme.style(.overlay),
            borderStyle: theme.style(.helpHeading), titleStyle: theme.style(.helpHeading))
        .render(into: &buffer, in: container)
}

/// "Chapter 3 · Leon Trotsky and Bloody Sunday" or "Source 16 · J. T. Murphy: The Errors of Trotskyism".
func groupLabel(_ book: Book, _ container: Container) -> String {
    switch container {
    case .front: return "Title"
    case .chapter(let index):
        return (book.document.chapterNumber(index).map { "Chapter \($0) · " } ?? "") + book.pageTitle(.chapter(index))
    case .sourcesIntro: return book.document.sourcesHeading?.text ?? "Sources"
    case .source(let index): return "Source \(book.document.sources[index].number) · " + book.pageTitle(.source(index))
    }
}

/// "7th November, 1917" -> "7 Nov 1917"; "July, 1938" -> "Jul 1938"; other text unchanged.
func compactDate(_ date: String) -> String {
    let words = date.replacingCommas.split(separator: " ")
    let shortened = words.map { word -> String in
        var text = String(word)
        for suffix in ["st", "nd", "rd", "th"] where text.hasSuffix(suffix) && text.dropLast(2).allSatisfy(\.isNumber) && text.count > 2 {
            text = String(text.dropLast(2))
        }
        if text.count > 3, let month = monthNames.first(where: { $0 == text }) { return String(month.prefix(3)) }
        return text
    }
    return shortened.joined(separator: " ")
}

private let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                          "September", "October", "November", "December"]

extension String {
    var replacingCommas: String { String(map { $0 == "," ? " " : $0 }) }
}
