import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import IskraCore
import TextUI

extension Iskra {
    struct Sources: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sources",
            abstract: "List the primary sources: author, work, date, genre and the narrative linked to each.",
            discussion: """
                Read from each source's header, whether it is `Author, Title (Date)` or a sentence; a \
                field the header does not give is shown as — (null in JSON). Links are counted as \
                quoted (the narrative reproduces the source's words) and related (proposed); \
                `iskra links` lists them.
                """)

        @OptionGroup var book: BookArgument
        var file: String? { book.file }

        @Flag(help: "Print the sources as JSON (number, line, endLine, header, author, person, title, date, dateText, genre, links).")
        var json = false

        func run() throws {
            let (book, catalog) = loadCatalog(self.book)
            if json {
                printJSON(catalog.sourcesJSON(book.document))
                return
            }
            if catalog.entries.isEmpty {
                printError("iskra: this book has no numbered primary sources")
                return
            }
            let width = max(60, outputColumns())
            // number, author, date, genre, links; the title takes the rest.
            // Counts take at most 16 ("2 quoted, 3 rel.").
            let authorWidth = 20, dateWidth = 11, genreWidth = 13, linksWidth = 16
            let titleWidth = max(12, width - 4 - authorWidth - dateWidth - genreWidth - linksWidth - 5)
            func cell(_ text: String?, _ width: Int) -> String {
                VisibleText.pad(VisibleText.sanitize(text ?? "\u{2014}"), toWidth: width)
            }
            print("   N " + cell("Author", authorWidth) + " " + cell("Title", titleWidth) + " " + cell("Date", dateWidth)
                  + " " + cell("Genre", genreWidth) + " Links")
            for entry in catalog.entries {
                let links = catalog.links(ofSource: entry.index)
                let quoted = links.filter { $0.kind == .quoted }.count
                let related = links.count - quoted
                let counts = links.isEmpty ? "\u{2014}" : [quoted > 0 ? "\(quoted) quoted" : nil, related > 0 ? "\(related) rel." : nil]
                    .compactMap { $0 }.joined(separator: ", ")
                let number = String(entry.number)
                print(String(repeating: " ", count: max(0, 4 - number.count)) + number + " "
                      + cell(entry.author, authorWidth) + " " + cell(entry.title, titleWidth) + " "
                      + cell(entry.date?.display, dateWidth) + " " + cell(entry.genre?.name, genreWidth) + " " + counts)
            }
        }
    }

    struct Links: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "links",
            abstract: "List the narrative paragraphs that quote or are related to each primary source.",
            discussion: """
                quoted: the paragraph reproduces a run of the source's words (near-certain). related: \
                proposed, scored 0-1 from the work named, the same date and the same people named; \
                the evidence says which. Lines are the narrative paragraph's first line; chapters are \
                numbered from 0 in JSON, as in `iskra export --json`, and from 1 here.
                """)

        @OptionGroup var book: BookArgument
        var file: String? { book.file }

        @Flag(help: "Print the links as JSON (source, chapter, line, kind, score, evidence).")
        var json = false

        func run() throws {
            let (book, catalog) = loadCatalog(self.book)
            if json {
                printJSON(catalog.linksJSON(book.document))
                return
            }
            if catalog.links.isEmpty {
                printError("iskra: no links between the narrative and the sources")
                return
            }
            let width = max(60, outputColumns())
            print("Src  Kind      Score   Ch   Line  Evidence")
            for link in catalog.links {
                let number = String(book.document.sources[link.source].number)
                let chapter = String(link.chapter + 1), line = String(link.line)
                let score = link.kind == .quoted ? "1" : formatScore(link.score)
                let evidence = link.kind == .quoted ? "\u{201C}" + link.evidence + "\u{201D}" : "(proposed) " + link.evidence
                print(pad(number, 3) + "  " + VisibleText.pad(link.kind.rawValue, toWidth: 8) + pad(score, 5) + "  "
                      + pad(chapter, 3) + " " + pad(line, 6) + "  "
                      + VisibleText.truncate(VisibleText.sanitize(evidence), toWidth: width - 35))
            }
        }

        func formatScore(_ value: Double) -> String {
            let hundredths = Int((value * 100).rounded())
            return "0." + (hundredths < 10 ? "0" : "") + String(hundredths)
        }

        func pad(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
    }
}

/// The book as the explorer reads it (with its register) and its sources' catalog, from the
/// cache when they are there.
func loadCatalog(_ argument: BookArgument) -> (Book, SourceCatalog) {
    let (book, cached) = loadBook(argument)
    let catalog = cached.catalog(for: book)
    sayCacheProblem(cached)
    return (book, catalog)
}

/// The terminal's width when standard output is one, else 100 columns.
func outputColumns() -> Int {
    var size = winsize()
    if isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return 100
}
