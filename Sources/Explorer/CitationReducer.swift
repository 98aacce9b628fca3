import IskraCore
import TextUI

// `y`: a citation of the passage in view on the clipboard; where the terminal cannot take it,
// shown in a box to select by hand.

/// The passage `y` cites: the hit or mention jumped to while it is in view, else the first
/// paragraph (or caption) in view, not a heading; on a card, the selected mention's.
func citationUnit(_ state: AppState) -> Int? {
    if state.page.isText,
       let unit = unitInView(state, where: { [.paragraph, .figureCaption].contains(state.book.units[$0].kind) }) {
        return unit
    }
    return bookmarkPlace(state)?.anchor.unit
}

/// "The passage at the reading position": the hit or mention jumped to while it is in view
/// and `wanted`, else the first unit in view from the top that is.
func unitInView(_ state: AppState, where wanted: (Int) -> Bool) -> Int? {
    let lines = state.reader.lines
    let visible = state.readerTop..<min(lines.count, state.readerTop + state.readerHeight)
    if let focus = state.focusSpan, wanted(focus.unit),
       let line = state.reader.line(containing: focus.range.lowerBound, inUnit: focus.unit), visible.contains(line) {
        return focus.unit
    }
    return visible.lazy.compactMap { lines[$0].unit }.first(where: wanted)
}

/// The citation of the words chosen with `v`, of the note selected in the Notes list, or of
/// the passage in view, in the style chosen with `Y` (the Markdown and plain styles quote the
/// words chosen or noted, not their whole paragraph).
func copyCitation(_ state: inout AppState) -> [Effect] {
    var quote: String?
    let cited: Int?
    if let selection = state.textSelection {
        cited = selection.unit
        quote = NotesExport.quoted(state.book, unit: selection.unit, range: selection.range)
    } else if inNotesList(state), let item = selectedNote(state) {
        guard let unit = item.anchoring.unit else {
            state.notice = "This note's passage is not in this version of the book: nothing to cite"
            return []
        }
        cited = unit
        quote = item.note.anchor.exact
    } else {
        cited = citationUnit(state)
    }
    guard let unit = cited else {
        state.notice = "Nothing to cite here: y cites the passage in view in a chapter or source, or a card's mention"
        return []
    }
    let citation = Citation.cite(book: state.book, metadata: state.metadata, catalog: state.evidence?.catalog, unit: unit,
                                 style: state.citationStyle, quote: quote)
    return [.copy(citation)]
}

/// The terminal took the citation, or did not: then it is shown to select by hand.
func copied(_ done: Bool, _ text: String, _ state: inout AppState) {
    if done {
        // A Markdown quote's last line is its note: what says where the quote is from.
        var last = text.split(separator: "\n").last.map(String.init) ?? text
        if last.hasPrefix("> \u{2014} ") { last = String(last.dropFirst(4)) }
        state.notice = "Copied (\(state.citationStyle.label)): " + VisibleText.sanitize(last)
    } else {
        state.overlay = .citation(text)
    }
}

/// Keys while the citation box is open: any closes it.
func citationKey(_ key: Key, _ state: inout AppState) -> [Effect] {
    state.overlay = nil
    return Keymap.command(for: key) == .quit ? [.quit] : []
}
