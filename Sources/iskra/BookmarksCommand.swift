import ArgumentParser
import IskraCore
import TextUI

extension Iskra {
    struct Bookmarks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bookmarks",
            abstract: "List the bookmarks made in the explorer for a book.",
            discussion: """
                Bookmarks live in $XDG_STATE_HOME/iskra (default ~/.local/state/iskra), one file per \
                book, keyed by a hash of the book's text. This command only reads them.
                """)

        @OptionGroup var book: BookArgument
        var file: String? { book.file }

        @Flag(help: "Print the bookmarks as JSON (label, created, page, title, line, column, text).")
        var json = false

        func run() throws {
            let (book, store, _) = bookWithItsState(self.book)
            let bookmarks = store.bookmarks
            if json {
                printJSON(JSON.array(bookmarks.map { Self.json($0, book: book) }))
                return
            }
            if bookmarks.isEmpty {
                printError("iskra: no bookmarks for this book (press m in the explorer to add one)")
                return
            }
            for bookmark in bookmarks {
                // Shown, never obeyed: a label could hold escape sequences.
                let label = bookmark.label.isEmpty ? "(no label)" : VisibleText.sanitize(bookmark.label)
                guard let where_ = book.describe(bookmark.place) else {
                    print("\(label)\t(no longer in this book)")
                    continue
                }
                let line = where_.line.map { "line \($0)" } ?? ""
                print("\(label)\t\(where_.page) · \(VisibleText.sanitize(where_.title))\t\(line)\t\(where_.snippet)")
            }
        }

        static func json(_ bookmark: Bookmark, book: Book) -> JSON {
            let where_ = book.describe(bookmark.place)
            var column: Int?
            if let resolved = book.resolve(bookmark.place), let unit = resolved.unit {
                column = book.units[unit].paragraph.position(ofScalarOffset: resolved.offset).column
            }
            return .object([
                ("id", .string(bookmark.id)),
                ("label", .string(bookmark.label)),
                ("created", .string(StateTime.iso8601(bookmark.created))),
                ("page", .string(bookmark.place.page.rawValue)),
                ("index", .int(bookmark.place.index + 1)),
                ("title", .optional(where_?.title)),
                ("line", .optional(where_?.line)),
                ("column", .optional(column)),
                ("text", .optional(where_?.snippet)),
            ])
        }
    }
}

/// The book loaded as the explorer loads it (with its register), so saved places and notes
/// land as they do there, and its state file opened read-only; the store's problems said.
func bookWithItsState(_ argument: BookArgument) -> (Book, StateStore, CachedBook?) {
    let loaded: LoadedBook
    do {
        let path = argument.file ?? BundledContent.bookPath
        // The register's hash before the register is read: a register changed meanwhile is not cached.
        let companionsHash = BookCache.companionsHash(companionPaths(ofBook: path))
        loaded = try BookLoader.load(path: path, register: loadRegisterOrFail(for: argument.file), cache: argument.openCache(),
                                     companionsHash: companionsHash)
    } catch { fail(error.description) }
    let store = StateStore(identity: loaded.identity, directory: StateStore.defaultDirectory(), readOnly: true)
    for notice in store.takeNotices() { printError("iskra: \(notice)") }
    sayCacheProblem(loaded.cached)
    return (loaded.book, store, loaded.cached)
}
