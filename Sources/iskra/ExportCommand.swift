import ArgumentParser
import IskraCore

extension Iskra {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the book's structure: an outline, or the whole model as JSON.")

        @Argument(help: "A book in plain UTF-8 text (default: the bundled book).")
        var file: String?

        @Flag(help: "Print the whole model as JSON.")
        var json = false

        func run() throws {
            let document: Document
            do { document = try loadDocument(file) } catch { fail(error.description) }
            if json {
                let register = loadRegisterOrFail(for: file)
                    ?? PeopleSuggester.register(from: PeopleSuggester.suggest(document: document))
                let units = document.makeUnits()
                let people = PeopleIndex(units: units, register: register, sources: document.sources)
                print(IskraCore.Export.json(document, people: People.json(people, units: units)).serialized(indent: 2))
            } else {
                print(IskraCore.Export.outline(document), terminator: "")
            }
        }
    }
}
