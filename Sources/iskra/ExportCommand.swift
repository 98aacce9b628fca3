import ArgumentParser
import IskraCore
import TextUI

extension Iskra {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the book's structure: an outline, or the whole model as JSON.")

        @OptionGroup var book: BookArgument
        var file: String? { book.file }

        @Flag(help: "Print the whole model as JSON.")
        var json = false

        func run() throws {
            if json {
                // People by the explorer's rules (proposed, and unverified, without a register).
                let (book, cached) = loadBook(self.book)
                let (catalog, dates) = cached.catalogAndDates(for: book)
                printJSON(IskraCore.Export.json(book.document, people: People.json(book.people, units: book.units),
                                                catalog: catalog, dates: dates))
                sayCacheProblem(cached)
            } else {
                let document: Document
                do { document = try loadDocument(file) } catch { fail(error.description) }
                // Titles and headers are the book's: never let them reach the terminal raw.
                print(VisibleText.sanitizeLines(IskraCore.Export.outline(document)), terminator: "")
            }
        }
    }
}
