import ArgumentParser
import IskraCore
import TextUI

extension Iskra {
    struct Notes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notes",
            abstract: "List the notes and highlights made in the explorer (a), or export them for an essay.",
            discussion: """
                Notes live with the bookmarks in $XDG_STATE_HOME/iskra (default ~/.local/state/iskra). \
                Each is anchored by its quote, some context and its position; when the book's text has \
                changed, a note re-attaches where its quote is found without ambiguity, and is listed \
                as an orphan otherwise. --markdown writes each passage as a blockquote with a footnote \
                citing it (Chicago style, from the book's sidecar BOOK.meta), the note, and a \
                bibliography, in book order. This command only reads the state file.
                """)

        @OptionGroup var book: BookArgument
        var file: String? { book.file }

        @Flag(help: "Write the notes as Markdown for an essay: quotes, notes, footnotes and a bibliography.")
        var markdown = false

        @Flag(help: "Print the notes with their anchors, where they land now and their citations, as JSON.")
        var json = false

        func validate() throws {
            if markdown && json { throw ValidationError("choose one of --markdown and --json") }
        }

        func run() throws {
            let (book, store, cached) = bookWithItsState(self.book)
            let placed = NotesExport.place(store.notes, in: book)
            let orphans = placed.count { $0.anchoring.unit == nil }
            if orphans > 0 {
                printError("iskra: \(orphans) note\(orphans == 1 ? "" : "s") could not be placed in this version of the book "
                           + "(listed as orphans)")
            }
            if markdown || json {
                let (metadata, path, problems) = loadMetadata(for: file, title: book.document.title)
                for problem in problems { printError("iskra: \(path): \(problem)") }
                let catalog = cached.catalog(for: book)
                sayCacheProblem(cached)
                if json {
                    printJSON(NotesExport.json(placed, book: book, metadata: metadata, catalog: catalog))
                    return
                }
                if placed.isEmpty { printError("iskra: no notes for this book (press a in the explorer to add one)") }
                print(NotesExport.markdown(placed, book: book, metadata: metadata, catalog: catalog), terminator: "")
                if !placed.isEmpty, !metadata.missing.isEmpty {
                    printError("iskra: the citations have no \(metadata.missing.joined(separator: ", ")): fill them in \(path)")
                }
                return
            }
            if placed.isEmpty {
                printError("iskra: no notes for this book (press a in the explorer to add one)")
                return
            }
            for item in placed {
                // Shown, never obeyed: a note could hold escape sequences.
                let words = item.note.isHighlight ? "(highlight)" : VisibleText.sanitize(item.note.text)
                let quote = book.snippet(item.note.anchor.exact, from: 0)
                switch item.anchoring {
                case .attached(let unit, let range, let moved):
                    let line = book.units[unit].paragraph.position(ofScalarOffset: range.lowerBound).line
                    let place = Citation.locator(book: book, unit: unit).text
                    print("\(words)\t\(place)\tline \(line)\(moved ? " (moved)" : "")\t\u{201C}\(quote)\u{201D}")
                case .orphan(let reason):
                    print("\(words)\torphan: \(reason.description)\t\t\u{201C}\(quote)\u{201D}")
                }
            }
        }
    }
}
