import IskraCore
import TextUI

/// Everything a key can ask for. Keys map to commands in exactly one table, `Keymap.bindings`.
public enum Command: Hashable, Sendable {
    case quit
    case toggleHelp
    case closeOverlay
    case focusNextPane
    case focusPreviousPane
    case showTab(NavigatorTab)
    case lineDown
    case lineUp
    case halfPageDown
    case halfPageUp
    case pageDown
    case pageUp
    case top
    case bottom
    case open
    case nextPage
    case previousPage
    case back
    case forward
    case redraw
    case search
    case nextMatch
    case previousMatch
    case peopleOnScreen
    case sortList
    case filterList
    case widenNavigator
    case narrowNavigator
    case addBookmark
    case showBookmarks
    case deleteBookmark
    case undoDeleteBookmark
    case openCard
    case followLink
    case toggleSplit
    case personTimeline
    case copyCitation
    case cycleCitationStyle
    case toggleParagraphNumbers
    case addNote
    case selectWords
    case editNote
}

/// Everything that changes the explorer's state: input, and what background jobs report.
public enum Action: Sendable {
    case command(Command)
    case input(InputEvent)
    /// Everything that was waiting to be read, in order: applied together, so that typing
    /// ahead or pasting costs one search and one frame, not one per character.
    case inputs([InputEvent])
    /// From the loading job: how far it is (0...1), or for a pipe the bytes read so far.
    case loadProgress(fraction: Double, pipeBytes: Int?)
    /// From a timer: the book has taken long enough that the progress screen should show.
    case loadingSlow
    /// From the loading job: the book, and what its state file holds (bookmarks, history,
    /// the place to reopen unless `--fresh`, problems), applied before the keys typed ahead.
    case bookLoaded(Book, stored: [StoredEvent], metadata: BookMetadata)
    /// From the loading job, while a large book still loads: its opening, parsed on its own,
    /// to show at once. Keys wait as typeahead until the whole book is in.
    case bookPreview(Book)
    /// From the loading job: the book could not be read (a one-line message).
    case loadFailed(String)
    /// From the runtime: what the state file holds (bookmarks, position, problems).
    case stored(StoredEvent)
    /// From the indexing job: the search index is built.
    case searchReady(BookSearch)
    /// From the sources job: every source's metadata and its links with the narrative.
    case sourcesReady(SourceCatalog)
    /// From the same job: every date the book states, for the Timeline.
    case datesReady(BookDates)
    /// From the runtime: whether the terminal was asked to put a citation on the clipboard.
    case copied(Bool, text: String)
    /// From the runtime: something to say once in the status bar.
    case notice(String)
}

/// What the reducer asks the runtime to do.
public enum Effect: Hashable, Sendable {
    case quit
    /// The book could not be loaded: restore the terminal and say why.
    case fail(String)
    /// The terminal should be redrawn from scratch (Ctrl-L).
    case redrawAll
    /// Save to the state file (bookmarks, search history); the runtime answers with `.stored`.
    case store(StoreRequest)
    /// Build the search index of the open book in the background; it comes back as `.searchReady`.
    case buildSearchIndex
    /// Read the sources' headers and find their links with the narrative, in the background;
    /// they come back as `.sourcesReady`.
    case buildSourceCatalog
    /// Put text on the clipboard; the runtime answers with `.copied`.
    case copy(String)
}

struct KeyBinding: Sendable {
    enum Context: String, CaseIterable, Sendable {
        case everywhere = "Everywhere"
        case moving = "Moving (list or reader, whichever has focus)"
        case reading = "Pages, history, hits"
        case lists = "Lists"
        case people = "People"
        case sources = "Sources as evidence"
        case bookmarks = "Citations and bookmarks (bookmarks are kept between sessions)"
    }

    var keys: [Key]
    var command: Command
    var summary: String
    var context: Context
}

public enum Keymap {
    static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.character("q")], command: .quit, summary: "quit (Esc closes overlays first)", context: .everywhere),
        KeyBinding(keys: [.character("?")], command: .toggleHelp, summary: "show or hide this help", context: .everywhere),
        KeyBinding(keys: [.escape], command: .closeOverlay, summary: "close the overlay or notice, then clear the filter or the search highlights", context: .everywhere),
        KeyBinding(keys: [.tab], command: .focusNextPane, summary: "switch between navigator and reader", context: .everywhere),
        KeyBinding(keys: [.backTab], command: .focusPreviousPane, summary: "switch panes the other way", context: .everywhere),
        KeyBinding(keys: [.character("1")], command: .showTab(.chapters), summary: "Chapters list", context: .everywhere),
        KeyBinding(keys: [.character("2")], command: .showTab(.people), summary: "People list", context: .everywhere),
        KeyBinding(keys: [.character("3")], command: .showTab(.sources), summary: "Sources list", context: .everywhere),
        KeyBinding(keys: [.character("4")], command: .showTab(.timeline),
                   summary: "Timeline: every date in time order, as the text gives it (no Old Style conversion); on it, typing a year (1905) goes to it, Tab to the reader",
                   context: .everywhere),
        KeyBinding(keys: [.character("5")], command: .showTab(.notes),
                   summary: "Notes list: your notes and highlights in book order, orphans (passages no longer in the book) last",
                   context: .everywhere),
        KeyBinding(keys: [.control("l")], command: .redraw, summary: "redraw the screen", context: .everywhere),
        KeyBinding(keys: [.character("/")], command: .search, summary: "search as you type (syntax below)", context: .everywhere),

        KeyBinding(keys: [.down, .character("j")], command: .lineDown, summary: "down one line or row", context: .moving),
        KeyBinding(keys: [.up, .character("k")], command: .lineUp, summary: "up one line or row", context: .moving),
        KeyBinding(keys: [.control("d")], command: .halfPageDown, summary: "down half a page", context: .moving),
        KeyBinding(keys: [.control("u")], command: .halfPageUp, summary: "up half a page", context: .moving),
        KeyBinding(keys: [.pageDown, .character(" "), .control("f")], command: .pageDown, summary: "down a page", context: .moving),
        KeyBinding(keys: [.pageUp, .character("b"), .control("b")], command: .pageUp, summary: "up a page", context: .moving),
        KeyBinding(keys: [.home, .character("g")], command: .top, summary: "to the top", context: .moving),
        KeyBinding(keys: [.end, .character("G")], command: .bottom, summary: "to the bottom", context: .moving),

        KeyBinding(keys: [.enter], command: .open,
                   summary: "open the selection; in a chapter or source: the card of the name just jumped to, or of the only person on screen, or choose one (as p)",
                   context: .reading),
        KeyBinding(keys: [.character("]")], command: .nextPage, summary: "next chapter or source", context: .reading),
        KeyBinding(keys: [.character("[")], command: .previousPage, summary: "previous chapter or source", context: .reading),
        KeyBinding(keys: [.backspace, .character("h"), .left], command: .back, summary: "back to the previous place", context: .reading),
        KeyBinding(keys: [.character("l"), .right], command: .forward, summary: "forward again", context: .reading),
        KeyBinding(keys: [.character("n")], command: .nextMatch, summary: "next search passage, or mention of the person", context: .reading),
        KeyBinding(keys: [.character("N")], command: .previousMatch, summary: "previous search passage or mention", context: .reading),

        KeyBinding(keys: [.character("p")], command: .peopleOnScreen, summary: "people named on the screen: open a card", context: .people),
        KeyBinding(keys: [.character("t")], command: .personTimeline,
                   summary: "on a person's card or the People list: the Timeline of the paragraphs naming them, with their age (Esc on the Timeline: everyone's)",
                   context: .people),
        KeyBinding(keys: [.character("c")], command: .openCard,
                   summary: "the card of the source or person selected in the list, or of the source being read", context: .sources),
        KeyBinding(keys: [.character("x")], command: .followLink,
                   summary: "follow the link of the paragraph in view (┃ quoted, ┆ related: proposed): to the source it quotes, or from a source to the story; h comes back",
                   context: .sources),
        KeyBinding(keys: [.character("|")], command: .toggleSplit,
                   summary: "the linked source beside the story (a box below 100 columns); Tab moves between them, | or Esc closes",
                   context: .sources),
        KeyBinding(keys: [.character("f")], command: .filterList, summary: "filter the list shown by typing (Esc clears)", context: .lists),
        KeyBinding(keys: [.character("s")], command: .sortList,
                   summary: "sort the list shown: People by mentions or name, Sources by number, date or author; on the Timeline, all dates, events, sources' dates or publication years",
                   context: .lists),
        KeyBinding(keys: [.character(">")], command: .widenNavigator, summary: "widen the navigator", context: .lists),
        KeyBinding(keys: [.character("<")], command: .narrowNavigator, summary: "narrow the navigator", context: .lists),

        KeyBinding(keys: [.character("y")], command: .copyCitation,
                   summary: "copy a citation of the passage in view (or the hit or mention jumped to) to the clipboard (OSC 52; shown to select by hand where the terminal cannot)",
                   context: .bookmarks),
        KeyBinding(keys: [.character("Y")], command: .cycleCitationStyle,
                   summary: "the citation style: Chicago note, Chicago bibliography, Markdown quote, plain text",
                   context: .bookmarks),
        KeyBinding(keys: [.character("#")], command: .toggleParagraphNumbers,
                   summary: "paragraph numbers in the reader's margin: the \u{B6} N citations give", context: .bookmarks),
        KeyBinding(keys: [.character("a")], command: .addNote,
                   summary: "note the passage in view, or the words chosen with v (Enter saves; no words: a highlight); iskra notes --markdown exports them",
                   context: .bookmarks),
        KeyBinding(keys: [.character("v")], command: .selectWords,
                   summary: "choose words to note or cite, from the hit or mention jumped to or the first sentence in view: w/b a word more or less, s/S a sentence, W/B move the start a word on or back, a notes, y cites, Esc stops",
                   context: .bookmarks),
        KeyBinding(keys: [.character("e")], command: .editNote, summary: "edit the selected note (in the Notes list)", context: .bookmarks),
        KeyBinding(keys: [.character("m")], command: .addBookmark, summary: "bookmark this place (label optional, Enter saves, Esc cancels)", context: .bookmarks),
        KeyBinding(keys: [.character("'")], command: .showBookmarks, summary: "list bookmarks (Enter jumps, Esc closes)", context: .bookmarks),
        KeyBinding(keys: [.character("d")], command: .deleteBookmark, summary: "delete the selected bookmark or note (in their lists)", context: .bookmarks),
        KeyBinding(keys: [.character("u")], command: .undoDeleteBookmark, summary: "bring back the bookmark or note just deleted (in their lists)", context: .bookmarks),
    ]

    private static let table: [Key: Command] = {
        var table: [Key: Command] = [:]
        for binding in bindings {
            for key in binding.keys { table[key] = binding.command }
        }
        return table
    }()

    public static func command(for key: Key) -> Command? { table[key] }

    static func name(of key: Key) -> String {
        switch key {
        case .character(" "): return "Space"
        case .character(let character): return String(character)
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .insert: return "Insert"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .function(let number): return "F\(number)"
        case .control(let character): return "Ctrl-\(character.uppercased())"
        case .alt(let key): return "Alt-\(name(of: key))"
        }
    }

    /// The query language, as `?` and `iskra search --help` describe it.
    static let searchSyntax: [(String, String)] = [
        ("kronst", "words match at word starts: Kronstadt, not inside other words"),
        ("emigre", "accents and curly quotes don't matter: finds émigrés"),
        ("lenin stalin", "every word in the same paragraph"),
        ("\"a phrase\"", "the words in this order"),
        ("-word", "leave out paragraphs with this word"),
        ("in:sources", "only the primary sources (in:chapters: only the story)"),
        ("by:lenin", "only the sources whose author matches (by:trotsky kronstadt); Enter on one opens its card"),
        ("Trotsky", "a capital letter makes the search case-sensitive"),
        ("↑ ↓ Enter Esc", "in the search line: choose a result, open it, leave"),
        ("Ctrl-P Ctrl-N", "in the search line: older and newer searches (↑ on an empty line too)"),
        ("← → Home End", "in the search line: move the cursor (Ctrl-A Ctrl-E too); Ctrl-W deletes a word, Ctrl-U and Ctrl-K all before or after it"),
    ]

    /// Lines of the help overlay, generated from the table so it can never go stale (once:
    /// the table does not change, and the help is drawn every frame it is open).
    static func helpLines() -> [(keys: String, summary: String, isHeading: Bool)] { generatedHelp }

    private static let generatedHelp: [(keys: String, summary: String, isHeading: Bool)] = {
        var lines: [(String, String, Bool)] = []
        for context in KeyBinding.Context.allCases {
            if !lines.isEmpty { lines.append(("", "", false)) }
            lines.append((context.rawValue, "", true))
            for binding in bindings where binding.context == context {
                lines.append((binding.keys.map(name).joined(separator: " "), binding.summary, false))
            }
        }
        lines.append(("", "", false))
        lines.append(("Search syntax", "", true))
        for (example, meaning) in searchSyntax { lines.append((example, meaning, false)) }
        lines.append(("", "", false))
        lines.append(("Mouse", "", true))
        lines.append(("click", "select a tab, a row or a pane; click a selected row to open it", false))
        lines.append(("", "click a name in the text to open that person's card", false))
        lines.append(("wheel", "scroll the pane under the pointer", false))
        lines.append(("", "mouse capture hides your terminal's own text selection:", false))
        lines.append(("", "start with --no-mouse to keep it (or hold Shift while selecting)", false))
        return lines
    }()
}
