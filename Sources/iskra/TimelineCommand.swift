import ArgumentParser
import IskraCore
import TextUI

extension Iskra {
    struct Timeline: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "timeline",
            abstract: "List every date the book states, earliest first: date, line:column, place, context.",
            discussion: """
                Dates are taken as the text gives them (no Old Style conversion): "7th November, 1879", \
                "August 28, 1940", "October, 1917", "In 1902", ranges ("1906-07" gives 1906 and 1907). A day \
                and month without a year count only when their sentence states the year. Kinds: event \
                (when something happened), source (a primary source's date of writing, from its header), \
                publication (when a cited work appeared: "Red October (1967)", "was published in 1930"); \
                text output marks the last two. --json prints {"dates":[{"line", "column", "length", \
                "text", "date" ("YYYY", "YYYY-MM" or "YYYY-MM-DD"), "precision" ("year", "month", "day"), \
                "kind", "chapter" (0-based, as in `iskra export --json`) or "source" (its number), \
                "context"}]}. --format timelinejs prints TimelineJS3's JSON (events only unless --kind \
                says otherwise), to publish the chronology.
                """)

        enum KindOption: String, ExpressibleByArgument, CaseIterable {
            case event, source, publication
            var kind: DateKind { DateKind(rawValue: rawValue)! }
        }

        enum FormatOption: String, ExpressibleByArgument, CaseIterable {
            case timelinejs
        }

        @OptionGroup var book: BookArgument
        var file: String? { book.file }

        @Flag(help: "Print the dates as JSON.")
        var json = false

        @Option(help: ArgumentHelp("Only dates in or after this year.", valueName: "YEAR"))
        var from: Int?

        @Option(help: ArgumentHelp("Only dates in or before this year.", valueName: "YEAR"))
        var to: Int?

        @Option(help: ArgumentHelp("Only dates of this kind: event, source or publication (repeatable).", valueName: "KIND"))
        var kind: [KindOption] = []

        @Option(help: ArgumentHelp("Only dates in paragraphs naming this person (a name or alias, any case).", valueName: "NAME"))
        var person: String?

        @Option(help: ArgumentHelp("timelinejs: TimelineJS3's JSON.", valueName: "FORMAT"))
        var format: FormatOption?

        func validate() throws {
            if let from, let to, from > to { throw ValidationError("--from \(from) is after --to \(to)") }
            if json && format != nil { throw ValidationError("--json and --format are alternatives: give one") }
            if let person, person.allSatisfy({ $0 == " " }) { throw ValidationError("--person needs a name") }
        }

        func run() throws {
            let (book, cached) = loadBook(self.book)
            let dates = cached.catalogAndDates(for: book).1
            sayCacheProblem(cached)
            var kinds = Set(kind.map(\.kind))
            if kinds.isEmpty { kinds = format == .timelinejs ? [.event] : Set(DateKind.allCases) }
            let low = from ?? Int.min, high = to ?? Int.max
            var chosen = dates.sorted(kinds: kinds).filter { (low...high).contains($0.key.year) }
            if let person {
                let index = Self.person(named: person, in: book.people.people)
                let units = Set(book.people.units(mentioning: index))
                chosen = chosen.filter { units.contains($0.unit) }
            }
            if format == .timelinejs {
                printJSON(BookDates.timelineJS(chosen, book: book))
                return
            }
            if json {
                printJSON(BookDates.json(chosen, document: book.document))
                return
            }
            if chosen.isEmpty {
                printError("iskra: no dates" + (dates.dates.isEmpty ? " in this book" : " match"))
                return
            }
            let width = max(60, outputColumns())
            let positionWidth = chosen.map { "\($0.line):\($0.column)".count }.max() ?? 0
            for date in chosen {
                let position = "\(date.line):\(date.column)"
                let note: String
                switch date.kind {
                case .event: note = ""
                case .source: note = "(source written) "
                case .publication: note = "(published) "
                }
                let head = VisibleText.pad(date.key.short, toWidth: 11) + "  "
                    + String(repeating: " ", count: positionWidth - position.count) + position + "  "
                    + VisibleText.pad(book.shortLabel(ofUnit: date.unit), toWidth: 6) + "  "
                print(head + VisibleText.truncate(VisibleText.sanitize(note + date.context), toWidth: max(20, width - head.count)))
            }
        }

        /// The person `name` means: a form equal to it (any case), else the one person whose
        /// forms contain all its words. Otherwise a one-line error naming the candidates or near
        /// matches.
        static func person(named name: String, in people: [Person]) -> Int {
            let wanted = name.lowercased().split(separator: " ").map(String.init)
            let exact = people.indices.filter { people[$0].forms.contains { $0.lowercased() == wanted.joined(separator: " ") } }
            if exact.count == 1 { return exact[0] }
            let containing = exact.isEmpty ? people.indices.filter { p in
                people[p].forms.contains { form in
                    let words = form.lowercased().split(separator: " ").map(String.init)
                    return wanted.allSatisfy(words.contains)
                }
            } : exact
            if containing.count == 1 { return containing[0] }
            if containing.count > 1 {
                let names = containing.prefix(6).map { people[$0].name }.joined(separator: ", ")
                fail("'\(name)' names \(containing.count) people: \(names); give more of the name")
            }
            let near = people.indices.filter { p in
                people[p].forms.contains { form in
                    form.lowercased().split(separator: " ").contains { editDistance(String($0), wanted.last ?? "") <= 2 }
                }
            }
            let hint = near.isEmpty ? "" : " (did you mean " + near.prefix(5).map { "'\(people[$0].name)'" }.joined(separator: ", ") + "?)"
            fail("no person named '\(name)' in this book's register\(hint)")
        }
    }
}

/// Levenshtein distance between two short words.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
        var current = [i + 1]
        for (j, y) in b.enumerated() {
            current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
        }
        previous = current
    }
    return previous[b.count]
}
