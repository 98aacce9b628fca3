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
            let document: Document
            do { document = try loadDocument(file) } catch { fail(error.description) }
            if json {
                // People by the explorer's rules (proposed, and unverified, without a register).
                let book = Book(document: document, register: loadRegisterOrFail(for: file))
                let catalog = SourceCatalog(book: book)
                print(IskraCore.Export.json(document, people: People.json(book.people, units: book.units),
                                            catalog: catalog, dates: BookDates(book: book, catalog: catalog)).serialized(indent: 2))
            } else {
                // Titles and headers are the book's: never let them reach the terminal raw.
                print(VisibleText.sanitizeLines(IskraCore.Export.outline(document)), terminator: "")
            }
        }
    }
}
