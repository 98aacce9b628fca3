import IskraCore
import TextUI

// Notes and highlights in the explorer. `a` notes the passage at the reading position (or the
// words chosen with `v`); an empty note is a highlight. `v` chooses words: from the hit or
// mention jumped to, else the first sentence in view; `w`/`b` a word more or less, `s`/`S` a
// sentence. The Notes list (5) jumps to them (Enter), edits (`e`), deletes (`d`, `u` undoes).
// Saved in the state file as bookmarks are, through `Effect.store`.

/// The notes of the state file, placed in this book.
struct NotesState: Sendable {
    /// Attached ones in book order, then the orphans.
    var placed: [PlacedNote] = []
    /// Where each anchor landed: the book does not change while it is open, so an anchor is
    /// looked for once (an orphan's search reads the whole book).
    var placements: [TextAnchor: Anchoring] = [:]
    /// Attached notes by unit: indices into `placed`.
    var byUnit: [Int: [Int]] = [:]
    /// The note deleted last, for `u`.
    var lastDeleted: Note?

    var orphanCount: Int { placed.count { $0.anchoring.unit == nil } }
}

/// Words chosen with `v`: a stretch of one unit.
struct TextSelection: Hashable, Sendable {
    var unit: Int
    var range: Range<Int>
}

/// What the note being typed is for.
enum NoteTarget: Hashable, Sendable {
    case new(TextAnchor)
    case edit(Note)
}

/// The longest note the line takes, in characters.
let maxNoteLength = 2000
/// A passage longer than this (a book without line breaks is one paragraph of megabytes) is
/// noted by the part of it on screen.
let maxWholePassage = 4000

// MARK: Arriving from the state file

/// The notes now stored: placed in the book (each anchor once), the reader's highlights and
/// the Notes list follow.
func notesArrived(_ notes: [Note], _ state: inout AppState) {
    var placements = state.notes.placements
    for note in notes where placements[note.anchor] == nil {
        placements[note.anchor] = note.anchor.resolve(in: state.book)
    }
    let placed = notes.map { PlacedNote(note: $0, anchoring: placements[$0.anchor]!) }
    state.notes.placements = placements
    state.notes.placed = NotesExport.order(placed)
    var byUnit: [Int: [Int]] = [:]
    for (index, item) in state.notes.placed.enumerated() {
        if let unit = item.anchoring.unit { byUnit[unit, default: []].append(index) }
    }
    state.notes.byUnit = byUnit
    refreshList(&state, .notes)
}

// MARK: Commands

/// `a`: a note on the words chosen, or on the passage at the reading position; on the Notes
/// list, the selected note's words to edit.
func addNote(_ state: inout AppState) {
    if inNotesList(state) {
        editSelectedNote(&state)
        return
    }
    let target: (unit: Int, range: Range<Int>)
    if let selection = state.textSelection {
        target = (selection.unit, selection.range)
    } else if let unit = citationUnit(state) {
        target = (unit, passageRange(state, unit: unit))
    } else {
        state.notice = "Nothing to note here: a notes the passage in view in a chapter or source (v chooses words)"
        return
    }
    guard let anchor = TextAnchor(book: state.book, unit: target.unit, range: target.range) else { return }
    state.textSelection = nil
    // The same words noted again: their note is edited, not doubled.
    if let existing = state.notes.placed.first(where: { $0.note.anchor == anchor }) {
        state.overlay = .noteText(LineEditor(existing.note.text, limit: maxNoteLength), .edit(existing.note))
        return
    }
    state.overlay = .noteText(LineEditor(limit: maxNoteLength), .new(anchor))
}

/// The stretch of a unit `a` notes when no words are chosen: all of it, or of a very long one
/// the part on screen.
func passageRange(_ state: AppState, unit: Int) -> Range<Int> {
    let count = state.book.scalarCount(ofUnit: unit)
    guard count > maxWholePassage else { return 0..<count }
    let visible = state.readerTop..<min(state.reader.lines.count, state.readerTop + state.readerHeight)
    let ranges = visible.compactMap { state.reader.lines[$0].unit == unit ? state.reader.lines[$0].range : nil }
    guard let first = ranges.first, let last = ranges.last else { return 0..<min(count, maxWholePassage) }
    return first.lowerBound..<last.upperBound
}

private func editSelectedNote(_ state: inout AppState) {
    guard let item = selectedNote(state) else {
        state.notice = "No note to edit: a in a chapter or source adds one"
        return
    }
    state.overlay = .noteText(LineEditor(item.note.text, limit: maxNoteLength), .edit(item.note))
}

/// Whether the Notes list is on screen with the focus (where `d`, `u`, `e`, `y` and `a` act on
/// the selected note).
func inNotesList(_ state: AppState) -> Bool {
    state.tab == .notes && state.focus == .navigator && state.geometry.showsNavigator
}

func selectedNote(_ state: AppState) -> PlacedNote? {
    state.notesList.selectedItem.flatMap { state.notes.placed.indices.contains($0) ? state.notes.placed[$0] : nil }
}

/// `e`: on the Notes list, edit the selected note's words.
func editNote(_ state: inout AppState) {
    guard inNotesList(state) else {
        state.notice = "e edits a note in the Notes list (5)"
        return
    }
    editSelectedNote(&state)
}

/// Keys while a note is typed: the line editor's, Enter saves (nothing typed: a highlight),
/// Esc cancels.
func noteTextKey(_ key: Key, _ line: LineEditor, _ target: NoteTarget, _ state: inout AppState) -> [Effect] {
    switch key {
    case _ where LineEditor.edits(key):
        var edited = line
        edited.apply(key)
        state.overlay = .noteText(edited, target)
    case .enter:
        state.overlay = nil
        let text = String(line.text.trimmingSpaces)
        switch target {
        case .new(let anchor):
            state.notice = text.isEmpty ? "Highlighted (5 lists notes; a again adds words)" : "Note added (5 lists notes)"
            return [.store(.addNote(anchor, text: text))]
        case .edit(let note):
            guard text != note.text else { return [] }
            state.notice = text.isEmpty ? "Note emptied: kept as a highlight" : "Note saved"
            return [.store(.editNote(note, text: text))]
        }
    case .escape:
        state.overlay = nil
        state.notice = "No note saved"
    default:
        break
    }
    return []
}

// MARK: Choosing words

/// `v`: choose words to note or cite: the hit or mention jumped to (whole words), else the
/// first sentence in view.
func startSelection(_ state: inout AppState) {
    guard state.page.isText else {
        state.notice = "v chooses words in a chapter or source"
        return
    }
    if let focus = state.focusSpan, unitInView(state, where: { $0 == focus.unit }) == focus.unit {
        let words = WordSteps(state.book, unit: focus.unit, around: focus.range.lowerBound)
        state.textSelection = TextSelection(unit: focus.unit, range: words.wholeWords(focus.range))
    } else if let unit = citationUnit(state) {
        let start = state.reader.lines[state.readerTop...].first { $0.unit == unit }?.range.lowerBound ?? 0
        let steps = WordSteps(state.book, unit: unit, around: start)
        let from = steps.sentenceStart(atOrBefore: start)
        state.textSelection = TextSelection(unit: unit, range: from..<steps.sentenceEnd(after: from))
    } else {
        state.notice = "No text in view to choose from"
        return
    }
    // The choice replaces the hit's highlight (its words are where the choice starts).
    state.focusSpan = nil
    state.focus = .reader
}

/// Keys while words are chosen; nil when the key is not one of them (the choice ends and the
/// key does what it always does).
func selectionKey(_ key: Key, _ selection: TextSelection, _ state: inout AppState) -> [Effect]? {
    // Read around the end that moves (`W` and `B` move the start).
    let movesStart = key == .character("W") || key == .character("B")
    let steps = WordSteps(state.book, unit: selection.unit,
                          around: movesStart ? selection.range.lowerBound : selection.range.upperBound)
    var range = selection.range
    switch key {
    case .character("w"), .right: range = range.lowerBound..<steps.wordEnd(after: range.upperBound)
    case .character("b"), .left: range = range.lowerBound..<steps.wordEnd(before: range.upperBound, above: range.lowerBound)
    case .character("s"): range = range.lowerBound..<steps.sentenceEnd(after: range.upperBound)
    case .character("S"): range = range.lowerBound..<steps.sentenceEnd(before: range.upperBound, above: range.lowerBound)
    case .character("W"), .character("B"):
        // The start moves as w and b move the end: a word on, or a word back.
        let start = key == .character("B") ? steps.wordStart(before: range.lowerBound)
            : steps.wordStart(after: range.lowerBound, below: range.upperBound)
        range = start..<range.upperBound
    case .character("a"), .enter:
        addNote(&state)
        return []
    case .character("y"):
        return copyCitation(&state)
    case .escape:
        state.textSelection = nil
        state.notice = "Nothing chosen"
        return []
    default:
        state.textSelection = nil
        return nil
    }
    state.textSelection = TextSelection(unit: selection.unit, range: range)
    // The end of the words chosen stays in view.
    if let line = state.reader.line(containing: max(range.lowerBound, range.upperBound - 1), inUnit: selection.unit),
       line >= state.readerTop + state.readerHeight {
        state.readerTop = clamp(line - state.readerHeight + 2, 0, state.maxReaderTop)
    }
    return []
}

/// Word and sentence boundaries in one unit's text, read around an offset (never the whole of
/// a unit of megabytes).
struct WordSteps {
    let scalars: [Unicode.Scalar]
    /// The unit offset of `scalars[0]`.
    let base: Int
    let count: Int

    /// How far either way a step looks.
    static let reach = 4000

    init(_ book: Book, unit: Int, around offset: Int? = nil) {
        count = book.scalarCount(ofUnit: unit)
        let text = book.units[unit].text.unicodeScalars
        if count <= 2 * Self.reach {
            scalars = Array(text)
            base = 0
        } else {
            let center = offset ?? 0
            let from = max(0, center - Self.reach), to = min(count, center + Self.reach)
            let start = book.index(ofScalar: from, inUnit: unit)
            scalars = Array(text[start..<text.index(start, offsetBy: to - from)])
            base = from
        }
    }

    private func scalar(_ offset: Int) -> Unicode.Scalar? {
        let i = offset - base
        return i >= 0 && i < scalars.count ? scalars[i] : nil
    }

    private func isWord(_ offset: Int) -> Bool {
        guard let s = scalar(offset) else { return false }
        // Combining marks, joiners and variation selectors belong to the letter before them.
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: break
        }
        if s == "\u{200D}" || (0xFE00...0xFE0F).contains(s.value) { return true }
        return s.properties.isAlphabetic || s.properties.numericType != nil || s == "'" || s == "\u{2019}" || s == "-"
    }

    private var upper: Int { base + scalars.count }

    /// `range` grown to whole words at both ends.
    func wholeWords(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, end = range.upperBound
        while lower > base, isWord(lower - 1) { lower -= 1 }
        while end < upper, isWord(end) { end += 1 }
        return lower..<max(end, lower + 1)
    }

    /// The end of the word after `offset` (past any spaces and punctuation before it).
    func wordEnd(after offset: Int) -> Int {
        var i = offset
        while i < upper, !isWord(i) { i += 1 }
        while i < upper, isWord(i) { i += 1 }
        // Punctuation closing the word comes with it ("Kronstadt," "said.").
        while i < upper, let s = scalar(i), ".,;:!?\u{201D}\")".unicodeScalars.contains(s) { i += 1 }
        return i
    }

    /// The end of the word before the last one of `lower..<offset`; never less than one word.
    func wordEnd(before offset: Int, above lower: Int) -> Int {
        var i = offset
        while i > lower, !isWord(i - 1) { i -= 1 }
        while i > lower, isWord(i - 1) { i -= 1 }
        while i > lower, !isWord(i - 1) { i -= 1 }
        return i > lower ? i : wordEnd(after: lower)
    }

    func wordStart(before offset: Int) -> Int {
        var i = offset
        while i > base, !isWord(i - 1) { i -= 1 }
        while i > base, isWord(i - 1) { i -= 1 }
        return i
    }

    func wordStart(after offset: Int, below end: Int) -> Int {
        var i = offset
        while i < end, isWord(i) { i += 1 }
        while i < end, !isWord(i) { i += 1 }
        return i < end ? i : offset
    }

    private func endsSentence(_ offset: Int) -> Bool {
        guard let s = scalar(offset), ".!?".unicodeScalars.contains(s) else { return false }
        // Not an initial ("V. I. Lenin"): a sentence ends after a word of two letters or more.
        var letters = 0, i = offset - 1
        while i >= base, let c = scalar(i), c.properties.isAlphabetic { letters += 1; i -= 1 }
        guard letters != 1 else { return false }
        guard let next = scalar(offset + 1) else { return offset + 1 >= count || offset + 1 >= upper }
        return next == " " || next == "\u{201D}" || next == "\"" || next == "\n"
    }

    /// The end of the sentence going on at `offset` (closing quotation marks included).
    func sentenceEnd(after offset: Int) -> Int {
        var i = max(offset, base)
        // Past the spaces after the previous sentence's end.
        while i < upper, let s = scalar(i), s == " " { i += 1 }
        while i < upper, !endsSentence(i) { i += 1 }
        guard i < upper else { return upper }
        i += 1
        while i < upper, let s = scalar(i), s == "\u{201D}" || s == "\"" { i += 1 }
        return i
    }

    func sentenceEnd(before offset: Int, above lower: Int) -> Int {
        var i = offset - 1
        while i > lower, !endsSentence(i - 1) { i -= 1 }
        guard i > lower else { return sentenceEnd(after: lower) }
        // The closing quotation marks after the full stop belong to that sentence.
        while i < offset, let s = scalar(i), s == "\u{201D}" || s == "\"" { i += 1 }
        return i
    }

    /// The start of the sentence `offset` is in.
    func sentenceStart(atOrBefore offset: Int) -> Int {
        var i = offset
        while i > base, !endsSentence(i - 1), !(scalar(i - 1) == " " && i - 2 >= base && endsSentence(i - 2)) { i -= 1 }
        // Past the previous sentence's closing quotation marks (right after its full stop), then
        // the spaces after it; a mark after a space opens this sentence and stays.
        if i > base { while i < upper, let s = scalar(i), s == "\u{201D}" || s == "\"" { i += 1 } }
        while i < upper, scalar(i) == " " { i += 1 }
        return i
    }
}

// MARK: The Notes list

/// `d` and `u` on the Notes list.
func notesListCommand(_ command: Command, _ state: inout AppState) -> [Effect] {
    switch command {
    case .deleteBookmark:
        guard let item = selectedNote(state) else { return [] }
        state.notes.lastDeleted = item.note
        state.notice = "u undoes · Note deleted: " + noteSummary(item.note)
        return [.store(.deleteNote(id: item.note.id))]
    case .undoDeleteBookmark:
        guard let note = state.notes.lastDeleted else {
            state.notice = "Nothing to undo"
            return []
        }
        state.notes.lastDeleted = nil
        state.notice = "Note back: " + noteSummary(note)
        return [.store(.putNote(note))]
    default:
        return []
    }
}

/// Enter on the Notes list: the note's words, highlighted as the current span; an orphan says
/// why it has no place.
func openNote(_ state: inout AppState, _ index: Int) {
    guard state.notes.placed.indices.contains(index) else { return }
    let item = state.notes.placed[index]
    guard case .attached(let unit, let range, _) = item.anchoring else {
        if case .orphan(let reason) = item.anchoring {
            state.notice = "Not in this version of the book (\(reason.description)): \u{201C}"
                + state.book.snippet(item.note.anchor.exact, from: 0, length: 50) + "\u{201D}"
        }
        return
    }
    jump(&state, unit: unit, range: range, remember: true)
    // n and N no longer step through what they stepped through before.
    state.stepping = nil
    // The Notes list stays in the navigator, on the note opened.
    state.tab = .notes
    if let row = state.notesList.rows.firstIndex(of: index) { state.notesList.selection = row }
}

/// "Stalin was there…" or, for a highlight, its quote.
func noteSummary(_ note: Note) -> String {
    VisibleText.truncate(VisibleText.sanitize(note.isHighlight ? "\u{201C}\(note.anchor.exact)\u{201D}" : note.text), toWidth: 50)
}

/// "2¶4", "S29¶2": where a note is, short enough for a list row.
func shortLocator(_ book: Book, unit: Int) -> String {
    let locator = Citation.locator(book: book, unit: unit)
    let paragraph = locator.paragraph.map { "\u{B6}\($0)" } ?? ""
    switch locator.place {
    case .chapter(_, let number?, _): return "\(number)" + paragraph
    case .chapter(_, nil, _): return "matter" + paragraph
    case .source(_, let number): return "S\(number)" + paragraph
    case .front: return "title"
    }
}
