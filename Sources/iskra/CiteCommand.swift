import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import IskraCore
import TextUI

extension CitationStyle: ExpressibleByArgument {}

extension Iskra {
    struct Cite: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cite",
            abstract: "Cite the passage at a line of the book.",
            discussion: """
                The book has no pages: a passage is cited by chapter and paragraph (¶ N, counted as \
                the reader shows them), or by source and paragraph. A primary source is cited first, \
                then as "quoted in" the book. The book's title, authors, publisher, URL and dates come \
                from a sidecar file beside it (BOOK.meta, documented at its top); fields it leaves out \
                are left out of the citation and named on standard error.
                """)

        @Argument(help: ArgumentHelp("The file line (1-based), or LINE:COLUMN.", valueName: "line[:column]"))
        var position: String

        @OptionGroup var book: BookArgument
        var file: String? { book.file }

        @Option(help: "chicago-note (the default), chicago-bibliography, markdown (the passage quoted) or plain.")
        var style: CitationStyle = .chicagoNote

        @Flag(help: "Print the citation and where it points as JSON.")
        var json = false

        func validate() throws {
            let parts = position.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), parts.allSatisfy({ Int($0).map { $0 > 0 } == true }) else {
                throw ValidationError("expected a line number or LINE:COLUMN, got \u{201C}\(position)\u{201D}")
            }
        }

        func run() throws {
            let (book, catalog) = loadCatalog(self.book)
            let (metadata, path, problems) = loadMetadata(for: file, title: book.document.title)
            for problem in problems { printError("iskra: \(path): \(problem)") }
            let parts = position.split(separator: ":").compactMap { Int($0) }
            guard let unit = Citation.unit(atLine: parts[0], column: parts.count > 1 ? parts[1] : nil, in: book) else {
                fail("line \(parts[0]) holds no text of the book (a blank line, or past its end)")
            }
            let citation = Citation.cite(book: book, metadata: metadata, catalog: catalog, unit: unit, style: style)
            let locator = Citation.locator(book: book, unit: unit)
            if json {
                var members: [(String, JSON)] = [("line", .int(book.units[unit].paragraph.line))]
                switch locator.place {
                case .chapter(let index, let number, _):
                    // 0-based, as in `iskra export --json`; the number the citation gives beside it.
                    members.append(("chapter", .int(index)))
                    members.append(("chapterNumber", .optional(number)))
                case .source(_, let number): members.append(("source", .int(number)))
                case .front: break
                }
                members += [("paragraph", .optional(locator.paragraph)), ("style", .string(style.rawValue)),
                            ("citation", .string(citation)), ("missing", .array(metadata.missing.map(JSON.string)))]
                printJSON(JSON.object(members))
            } else {
                print(VisibleText.sanitizeLines(citation))
            }
            if !metadata.missing.isEmpty && !json {
                printError("iskra: the citation has no \(metadata.missing.joined(separator: ", ")): fill them in \(path)")
            }
        }
    }
}

/// The book's metadata from its sidecar (BOOK.meta beside BOOK), the title falling back to the
/// book's first line; with the sidecar's path and its problems.
func loadMetadata(for file: String?, title: String?) -> (BookMetadata, path: String, problems: [String]) {
    let bookPath = file ?? BundledContent.bookPath
    var stem = bookPath
    if let dot = stem.lastIndex(of: "."), !stem[dot...].contains("/"), dot > (stem.lastIndex(of: "/") ?? stem.startIndex) {
        stem = String(stem[..<dot])
    }
    let path = stem + ".meta"
    guard access(path, F_OK) == 0 else { return (BookMetadata(title: title), path, []) }
    do {
        let bytes = try BookFile.readBytes(path: path)
        let (metadata, problems) = BookMetadata.parse(String(decoding: bytes, as: UTF8.self), fallbackTitle: title)
        return (metadata, path, problems)
    } catch {
        return (BookMetadata(title: title), path, ["\(error)"])
    }
}
