import IskraCore
import TextUI

// Sources as evidence in the reducer: the catalog arriving, source cards (`c`), following a
// link between a paragraph and a source (`x`, with a chooser when there are several), and the
// source beside the story (`|`).

/// The sources' metadata and links are in: the Sources list reads, sorts and filters by them,
/// the navigator measures its rows again, and an open card fills in.
func sourcesArrived(_ catalog: SourceCatalog, _ state: inout AppState) {
    let anchor = state.readerAnchor
    state.evidence = Evidence(catalog, book: state.book)
    derivedDataArrived(&state, anchor: anchor)
    // A `by:` query typed meanwhile runs now.
    state.search?.isStale = true
}

/// What depends on the sources' catalog or the dates, again after either arrives: the
/// navigator's widths, the lists they sort or fill, and an open card (laid out again).
func derivedDataArrived(_ state: inout AppState, anchor: ReaderAnchor) {
    state.navigatorWidths = state.book.naturalNavigatorWidths(evidence: state.evidence, chapterSpans: state.chapterSpans)
    refreshList(&state, .sources)
    refreshList(&state, .timeline)
    relayout(&state, anchor: anchor, force: !state.page.isText)
}

/// `c`: in the navigator, the card of the source or person selected; in the reader, the card
/// of the source being read (on its card, back to its text), or of the source linked to the
/// paragraph in view.
func openCard(_ state: inout AppState) {
    if state.focus == .navigator && state.geometry.showsNavigator {
        switch state.tab {
        case .sources: if let item = state.currentList.selectedItem { openSourceCard(&state, item) }
        case .people: if let item = state.currentList.selectedItem { openPerson(&state, item) }
        case .timeline:
            // A source's date, or a date in a source: that source's card.
            if let item = state.currentList.selectedItem, let date = state.dates?.dates[item], case .source(let index) = date.container {
                openSourceCard(&state, index)
            } else {
                state.notice = "This date is in the story: c opens a source's card (3) or a person's (2)"
            }
        case .notes:
            // The card of the source a note is in.
            if let item = selectedNote(state), let unit = item.anchoring.unit, case .source(let index) = state.book.units[unit].container {
                openSourceCard(&state, index)
            } else {
                state.notice = "Cards are for sources (3) and people (2)"
            }
        case .chapters: state.notice = "Cards are for sources (3) and people (2)"
        }
        return
    }
    switch state.page {
    case .source(let index): openSourceCard(&state, index)
    case .sourceCard(let index):
        go(&state, to: Place(page: .source(index), anchor: .top))
        state.focus = .reader
    case .chapter:
        guard let evidence = state.evidence else {
            state.notice = "Still reading the sources' headers"
            return
        }
        guard let link = linksInView(state, evidence).first else {
            state.notice = "No source is linked to the paragraphs in view"
            return
        }
        openSourceCard(&state, evidence.catalog.links[link].source)
    case .person, .shared:
        state.notice = "c opens a source's card: from the Sources list (3) or a source"
    }
}

func openSourceCard(_ state: inout AppState, _ index: Int) {
    go(&state, to: Place(page: .sourceCard(index), anchor: .top))
    state.focus = .reader
    state.readerCursor = state.reader.selectableLines.first
    state.readerTop = 0
}

/// The links of the paragraph at the reading position: the one jumped to when it is in view
/// and linked, else the first linked paragraph from the top of the screen. On a source with
/// no linked paragraph in view, every link of the source (so the story is one key away).
func linksInView(_ state: AppState, _ evidence: Evidence) -> [Int] {
    if let unit = unitInView(state, where: { !evidence.links(ofUnit: $0).isEmpty }) { return evidence.links(ofUnit: unit) }
    if case .source(let source) = state.page {
        return evidence.catalog.linkIndices(ofSource: source)
    }
    return []
}

/// `x`: follow the link of the paragraph in view, or choose among several.
func followLink(_ state: inout AppState) {
    guard let evidence = state.evidence else {
        state.notice = "Still reading the sources' headers"
        return
    }
    if case .sourceCard(let source) = state.page {
        // On a card: the link row chosen, else the source's first link (quoted ones come first).
        if let cursor = state.readerCursor, case .link(let index)? = state.reader.lines[cursor].target {
            follow(index, toSource: false, &state)
        } else if let first = evidence.catalog.linkIndices(ofSource: source).first {
            follow(first, toSource: false, &state)
        } else {
            state.notice = "No paragraph of the story is linked to this source"
        }
        return
    }
    guard state.page.isText else {
        state.notice = "x follows links from a chapter or a source"
        return
    }
    let choices = linksInView(state, evidence)
    switch choices.count {
    case 0:
        state.notice = "No source is linked to the paragraphs in view (┃ quoted, ┆ related mark them)"
    case 1:
        follow(choices[0], toSource: state.page.isChapter, &state)
    default:
        state.overlay = .links(choices, selection: 0)
    }
}

/// Goes to one side of link `index`: the source (at the words it shares with the paragraph)
/// or the narrative paragraph. The shared words are highlighted on both sides; `h` comes back.
func follow(_ index: Int, toSource: Bool, _ state: inout AppState) {
    guard let evidence = state.evidence, evidence.catalog.links.indices.contains(index) else { return }
    let link = evidence.catalog.links[index]
    state.followedLink = index
    state.activeResults = nil
    state.stepping = nil
    if toSource {
        if let span = link.spans.first {
            jump(&state, unit: span.sourceUnit, range: span.sourceRange, remember: true)
        } else {
            go(&state, to: Place(page: .source(link.source), anchor: .top))
            state.focus = .reader
            state.focusSpan = nil
        }
    } else {
        jump(&state, unit: link.unit, range: link.spans.first?.narrativeRange ?? 0..<0, remember: true)
    }
    let source = "Source \(state.document.sources[link.source].number)"
    state.notice = link.kind == .quoted
        ? "\(source) quoted here, shared words marked · h back"
        : "Proposed link to \(source): \(link.evidence) · h back"
}

/// Keys of the chooser `x` opens when the paragraph has several links.
func linkChooserKey(_ key: Key, _ state: inout AppState) -> [Effect] {
    guard case .links(let links, let selection) = state.overlay else { return [] }
    switch Keymap.command(for: key) {
    case .lineDown?: state.overlay = .links(links, selection: min(links.count - 1, selection + 1))
    case .lineUp?: state.overlay = .links(links, selection: max(0, selection - 1))
    case .open?, .followLink?:
        state.overlay = nil
        follow(links[selection], toSource: state.page.isChapter, &state)
    case .quit?, .closeOverlay?: state.overlay = nil
    default: break
    }
    return []
}

// MARK: The source beside the story

/// `|`: the source linked to the paragraph in view beside the story (from a source, the
/// story that quotes it goes on the left), or closes it.
func toggleSplit(_ state: inout AppState) {
    if state.split != nil {
        closeSplit(&state)
        return
    }
    guard let evidence = state.evidence else {
        state.notice = "Still reading the sources' headers"
        return
    }
    let link: Int
    switch state.page {
    case .chapter, .source:
        guard let first = linksInView(state, evidence).first else {
            state.notice = "No source is linked to the paragraphs in view (┃ quoted, ┆ related mark them)"
            return
        }
        link = first
        // The story on the left: from a source, go to the paragraph that quotes it.
        if case .source = state.page { follow(link, toSource: false, &state) }
    case .sourceCard:
        guard let cursor = state.readerCursor, case .link(let chosen)? = state.reader.lines[cursor].target else {
            state.notice = "Choose a row under QUOTED or RELATED, then |"
            return
        }
        link = chosen
        follow(link, toSource: false, &state)
    case .person, .shared:
        state.notice = "| puts a source beside the story: from a chapter or a source"
        return
    }
    openSplit(link: link, &state)
}

func openSplit(link index: Int, _ state: inout AppState) {
    guard let evidence = state.evidence else { return }
    let link = evidence.catalog.links[index]
    let anchor = state.readerAnchor
    state.followedLink = index
    // The split is on (its width depends on that), then the source is laid out once, at its
    // own width, around the shared words; the story re-wraps to its half.
    state.split = SourcePeek(source: link.source, layout: state.reader)
    let layout = ReaderLayout(book: state.book, page: .source(link.source), evidence: state.evidence,
                              width: splitTextWidth(state), around: link.spans.first?.sourceUnit,
                              aroundOffset: link.spans.first?.sourceRange.lowerBound ?? 0)
    state.split?.layout = layout
    if state.focus == .navigator { state.focus = .reader }
    relayout(&state, anchor: anchor)
    if var split = state.split, let span = link.spans.first,
       let line = split.layout.line(containing: span.sourceRange.lowerBound, inUnit: span.sourceUnit) {
        // The source's header in view when the shared words fit below it, else the words near the top.
        let header = state.book.sourceUnits[link.source].first.flatMap { split.layout.line(containing: 0, inUnit: $0) }
        let top = header.map { line - $0 < splitHeight(state) - 2 ? max(0, $0 - 1) : line - 2 } ?? line - 2
        split.top = clamp(top, 0, maxSplitTop(state, split))
        state.split = split
    }
    state.notice = state.splitsSideBySide ? "Source beside the story · Tab moves between them · | closes"
        : "Source in a box (side by side from \(AppState.splitWidth) columns) · j/k scroll · | or Esc closes"
}

func closeSplit(_ state: inout AppState) {
    let anchor = state.readerAnchor
    state.split = nil
    relayout(&state, anchor: anchor)
}

/// The source's layout at the width it is shown at (called from `relayout`).
func refreshSplitLayout(_ state: inout AppState) {
    guard var split = state.split else { return }
    let width = splitTextWidth(state)
    guard split.layout.width != width else { return }
    let anchor = split.layout.anchor(forLine: split.top)
    split.layout = ReaderLayout(book: state.book, page: .source(split.source), evidence: state.evidence, width: width,
                                around: anchor.unit, aroundOffset: anchor.offset)
    split.top = clamp(split.layout.line(for: anchor), 0, maxSplitTop(state, split))
    state.split = split
}

/// Columns of text for the source: its pane side by side, else the box over the reader.
func splitTextWidth(_ state: AppState) -> Int {
    state.splitsSideBySide ? state.geometry.sideTextWidth : max(1, peekBox(state).width - 5 - state.paragraphGutter)
}

/// The box the source is peeked at in, below `AppState.splitWidth` columns.
func peekBox(_ state: AppState) -> Rect {
    let body = state.geometry.body
    let width = min(body.width, 86)
    return Rect(x: body.x + (body.width - width) / 2, y: body.y + 1, width: max(0, width), height: max(0, body.height - 1))
}

/// Rows of source text shown at once.
func splitHeight(_ state: AppState) -> Int {
    state.splitsSideBySide ? state.geometry.side.height : max(1, peekBox(state).height - 2)
}

func maxSplitTop(_ state: AppState, _ split: SourcePeek) -> Int { max(0, split.layout.lines.count - splitHeight(state)) }

/// Keys while the source is shown: `|` and Esc close it; Tab moves between story and source;
/// the moving keys scroll the source when it has the focus (always, in the box). Nil: not
/// the split's key (in the box, any other key closes it first, then does what it does).
func splitKey(_ key: Key, _ state: inout AppState) -> [Effect]? {
    guard var split = state.split else { return nil }
    let command = Keymap.command(for: key)
    if command == .toggleSplit || command == .closeOverlay {
        closeSplit(&state)
        return []
    }
    let sideBySide = state.splitsSideBySide
    if command == .focusNextPane || command == .focusPreviousPane {
        if sideBySide {
            split.focused.toggle()
            state.split = split
        } else {
            state.notice = "Side by side from \(AppState.splitWidth) columns; here | or Esc closes the box"
        }
        return []
    }
    if split.focused || !sideBySide {
        if let delta = movementDelta(command, page: splitHeight(state)) {
            split.top = clamp(split.top + delta, 0, maxSplitTop(state, split))
            state.split = split
            return []
        }
    }
    if !sideBySide && command != .quit && command != .toggleHelp { closeSplit(&state) }
    return nil
}

extension Page {
    var isChapter: Bool { if case .chapter = self { true } else { false } }
}
