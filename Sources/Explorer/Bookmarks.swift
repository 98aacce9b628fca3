import IskraCore
import TextUI

// Bookmarks, the reading position and search history: what the explorer remembers between
// sessions. The reducer stays pure: it asks for saving with `Effect.store(...)`, and the
// runtime reports what the store holds with `Action.stored(...)`.

/// What the explorer shows of the state file.
struct SavedState: Hashable, Sendable {
    /// In book order, as the store lists them.
    var bookmarks: [Bookmark] = []
    /// The bookmark deleted last in this session, for `u`.
    var lastDeleted: Bookmark?

    init(bookmarks: [Bookmark] = []) {
        self.bookmarks = bookmarks
    }
}

/// What the runtime tells the reducer about the state file.
public enum StoredEvent: Hashable, Sendable {
    /// The bookmarks now stored (after a save merged them with another explorer's).
    case bookmarks([Bookmark])
    case searchHistory([String])
    /// A problem with the state file, shown once in the status bar.
    case notice(String)
    /// Reopen where the last session left off (at start, unless `--fresh`).
    case restore(StoredPlace)
    /// The notes now stored, in the order they were made.
    case notes([Note])
}

/// What the reducer asks the runtime to save.
public enum StoreRequest: Hashable, Sendable {
    case addBookmark(StoredPlace, label: String)
    case deleteBookmark(id: String)
    /// For the search UI: remember a query that was searched for.
    case recordSearch(String)
    case addNote(TextAnchor, text: String)
    case editNote(Note, text: String)
    case deleteNote(id: String)
    /// A deleted note back as it was (`u`).
    case putNote(Note)
}

/// The longest label the input accepts, in characters.
let maxBookmarkLabel = 120

// MARK: Places in the state file

extension Book {
    public func storedPlace(_ place: Place) -> StoredPlace {
        let kind: StoredPlace.PageKind
        let index: Int
        switch place.page {
        case .chapter(let i): (kind, index) = (.chapter, i)
        case .source(let i): (kind, index) = (.source, i)
        case .person, .shared, .sourceCard: (kind, index) = (.chapter, 0) // callers store `AppState.textPlace`
        }
        let unit = place.anchor.unit.flatMap { $0 >= 0 && $0 < units.count ? units[$0] : nil }
        return StoredPlace(page: kind, index: index, line: unit?.line, offset: unit == nil ? 0 : place.anchor.offset,
                           linesBefore: place.anchor.linesBefore)
    }

    /// The place a stored one names in this book, checked (see `Book.resolve`): nil when its
    /// page is not in the book; the top of the page when its text is not on that page any more.
    public func place(_ stored: StoredPlace) -> Place? {
        guard let resolved = resolve(stored) else { return nil }
        let page: Page = stored.page == .chapter ? .chapter(stored.index) : .source(stored.index)
        return Place(page: page, anchor: ReaderAnchor(unit: resolved.unit, offset: resolved.offset,
                                                      linesBefore: resolved.linesBefore))
    }
}

// MARK: Reducer

/// Handles what the runtime reports about the state file.
func stored(_ event: StoredEvent, _ state: inout AppState) -> [Effect] {
    switch event {
    case .bookmarks(let bookmarks):
        state.saved.bookmarks = bookmarks
        if case .bookmarks(let selection) = state.overlay {
            state.overlay = .bookmarks(selection: clamp(selection, 0, max(0, bookmarks.count - 1)))
        }
    case .searchHistory(let history):
        // The store keeps the newest first; the search line recalls from the newest last.
        state.searchHistory = Array(history.reversed())
    case .notice(let message):
        state.notice = message
    case .notes(let notes):
        notesArrived(notes, &state)
    case .restore(let stored):
        guard let place = state.book.place(stored) else {
            state.notice = "The saved position is not in this book; starting at the top"
            return []
        }
        show(&state, place)
        if state.place != Place(page: state.book.page(atIndex: 0) ?? .chapter(0), anchor: .top) { state.focus = .reader }
    }
    return []
}

/// What `m` marks: the hit or mention jumped to while it is on screen, else the first line of
/// text in view (never a blank line or a heading's margin); on a person's card, the text
/// of the selected mention. Nil on a card with no mention selected.
func bookmarkPlace(_ state: AppState) -> Place? {
    let layout = state.reader
    // Two lines of context above a hit or mention, as a jump shows it.
    func around(_ unit: Int, _ offset: Int) -> Place {
        Place(page: state.book.page(ofUnit: unit), anchor: ReaderAnchor(unit: unit, offset: offset, linesBefore: 2))
    }
    guard state.page.isText else {
        // A mention line, or a Where row (its first mention there); a person row marks nothing.
        guard let cursor = state.readerCursor, cursor < layout.lines.count else { return nil }
        switch layout.lines[cursor].target {
        case .mention(let index)?, .page(firstMention: let index)?:
            let mention = state.book.people.mentions[index]
            return around(mention.unit, mention.offset)
        case .person?, .shared?, .sourceText?, .link?, .sourceCard?, .date?, nil:
            return nil
        }
    }
    let visible = state.readerTop..<min(layout.lines.count, state.readerTop + state.readerHeight)
    if let focus = state.focusSpan, let line = layout.line(containing: focus.range.lowerBound, inUnit: focus.unit),
       visible.contains(line) {
        return around(focus.unit, focus.range.lowerBound)
    }
    for index in visible {
        if let unit = layout.lines[index].unit {
            return Place(page: state.page, anchor: ReaderAnchor(unit: unit, offset: layout.lines[index].range.lowerBound,
                                                                linesBefore: 0))
        }
    }
    return state.place
}

/// `m`, `'` and `d` outside the bookmark overlays.
func bookmarkCommand(_ command: Command, _ state: inout AppState) -> [Effect] {
    switch command {
    case .addBookmark:
        guard state.book.isValid(state.page) else {
            state.notice = "Nothing to bookmark"
            return []
        }
        guard let marked = bookmarkPlace(state) else {
            state.notice = "Choose a mention to bookmark (↑↓), or open a chapter or source"
            return []
        }
        // One bookmark per place: a second `m` there adds no twin.
        let place = state.book.storedPlace(marked)
        if let existing = state.saved.bookmarks.first(where: { $0.place == place }) {
            state.notice = existing.label.isEmpty ? "Already bookmarked here" : "Already bookmarked here: \(existing.label)"
            return []
        }
        state.overlay = .bookmarkLabel(LineEditor(limit: maxBookmarkLabel))
    case .showBookmarks:
        state.overlay = .bookmarks(selection: 0)
    case .deleteBookmark:
        state.notice = "d deletes a bookmark in the bookmarks list (')"
    default:
        break
    }
    return []
}

/// Keys while a bookmark overlay is open.
func bookmarkKey(_ key: Key, _ state: inout AppState) -> [Effect] {
    switch state.overlay {
    case .bookmarkLabel(let line)?:
        return labelKey(key, line, &state)
    case .bookmarks(let selection)?:
        return bookmarkListKey(key, selection, &state)
    case .help?, .peopleOnScreen?, .links?, .citation?, .noteText?, nil:
        return []
    }
}

private func labelKey(_ key: Key, _ line: LineEditor, _ state: inout AppState) -> [Effect] {
    let text = line.text
    switch key {
    case _ where LineEditor.edits(key):
        // The same line editing as the search line's.
        var edited = line
        edited.apply(key)
        state.overlay = .bookmarkLabel(edited)
    case .enter:
        state.overlay = nil
        guard let marked = bookmarkPlace(state) else { return [] }
        let place = state.book.storedPlace(marked)
        state.notice = text.isEmpty ? "Bookmark added" : "Bookmark added: \(text)"
        return [.store(.addBookmark(place, label: text))]
    case .escape:
        state.overlay = nil
        state.notice = "No bookmark added"
    default:
        break
    }
    return []
}

private func bookmarkListKey(_ key: Key, _ selection: Int, _ state: inout AppState) -> [Effect] {
    let count = state.saved.bookmarks.count
    let last = max(0, count - 1)
    guard let command = Keymap.command(for: key) else { return [] }
    switch command {
    case .lineDown: state.overlay = .bookmarks(selection: clamp(selection + 1, 0, last))
    case .lineUp: state.overlay = .bookmarks(selection: clamp(selection - 1, 0, last))
    case .pageDown, .halfPageDown: state.overlay = .bookmarks(selection: clamp(selection + 5, 0, last))
    case .pageUp, .halfPageUp: state.overlay = .bookmarks(selection: clamp(selection - 5, 0, last))
    case .top: state.overlay = .bookmarks(selection: 0)
    case .bottom: state.overlay = .bookmarks(selection: last)
    case .open:
        guard selection < count else { return [] }
        guard let place = state.book.place(state.saved.bookmarks[selection].place) else {
            state.notice = "This bookmark is not in this book"
            return []
        }
        state.overlay = nil
        go(&state, to: place)
        state.focus = .reader
    case .deleteBookmark:
        guard selection < count else { return [] }
        let bookmark = state.saved.bookmarks.remove(at: selection)
        state.saved.lastDeleted = bookmark
        state.overlay = .bookmarks(selection: clamp(selection, 0, max(0, count - 2)))
        // The way back first: a narrow status bar cuts the end.
        state.notice = "u undoes · " + (bookmark.label.isEmpty ? "Bookmark deleted" : "Bookmark deleted: \(bookmark.label)")
        return [.store(.deleteBookmark(id: bookmark.id))]
    case .undoDeleteBookmark:
        guard let bookmark = state.saved.lastDeleted else {
            state.notice = "Nothing to undo"
            return []
        }
        state.saved.lastDeleted = nil
        state.notice = bookmark.label.isEmpty ? "Bookmark back" : "Bookmark back: \(bookmark.label)"
        return [.store(.addBookmark(bookmark.place, label: bookmark.label))]
    case .closeOverlay, .quit, .showBookmarks:
        state.overlay = nil
    case .toggleHelp:
        state.overlay = .help(scroll: 0)
    case .redraw:
        return [.redrawAll]
    case .focusNextPane, .focusPreviousPane, .showTab, .nextPage, .previousPage, .back, .forward, .addBookmark,
         .search, .nextMatch, .previousMatch, .peopleOnScreen, .sortList, .filterList,
         .widenNavigator, .narrowNavigator, .openCard, .followLink, .toggleSplit, .personTimeline, .copyCitation,
         .cycleCitationStyle, .toggleParagraphNumbers, .addNote, .selectWords, .editNote:
        break
    }
    return []
}
