import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import IskraCore
import TextUI

extension Iskra {
    struct People: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "people",
            abstract: "List the people a book names, with mention counts.",
            discussion: """
                The register is FILE's name with `.people` instead of its extension (for the bundled \
                book, Content/leon-trotsky.people). Without one, people are proposed automatically and \
                marked unverified.
                """)

        @OptionGroup var book: BookArgument
        var file: String? { book.file }

        @Flag(help: "Print people and every mention (line, column, length, text) as JSON.")
        var json = false

        @Flag(help: "Print a register draft proposed from the text, to start a register.")
        var suggest = false

        @Flag(help: "Report how long matching took, on standard error.")
        var timing = false

        @Option(name: .customLong("score-against"),
                help: "Propose people as if FILE had no register and score them against REGISTER.")
        var scoreAgainst: String?

        func run() throws {
            let (document, cached) = loadDocument(self.book)
            if suggest {
                let name = (file ?? BundledContent.bookPath).split(separator: "/").last.map(String.init) ?? "book"
                print(VisibleText.sanitizeLines(PeopleSuggester.draft(from: PeopleSuggester.suggest(document: document),
                                                                      bookName: name)), terminator: "")
                return
            }
            if let referencePath = scoreAgainst {
                printScore(document: document, referencePath: referencePath)
                return
            }
            let found: PeopleRegister?
            switch loadPeopleRegister(for: file) {
            case .found(let register): found = register
            case .missing:
                printError("iskra: no people register for this book; showing unverified suggestions")
                found = nil
            case .invalid(let message): fail(message)
            }
            // The explorer's rules exactly: its Book proposes people when there is no register.
            let prepared = found.map(PreparedRegister.init)
            let book = cached.book(document: document, prepared: prepared)
            sayCacheProblem(cached)
            let index = book.people
            if timing, let register = found {
                // first run (cold), then the best of 20 warm runs; both build the trie and match
                var best = UInt64.max, first: UInt64 = 0
                for run in 0...20 {
                    let t0 = monotonicNanoseconds()
                    _ = PeopleIndex(units: book.units, register: register, sources: document.sources)
                    let elapsed = monotonicNanoseconds() - t0
                    if run == 0 { first = elapsed } else { best = min(best, elapsed) }
                }
                printError("matched \(index.mentions.count) mentions of \(register.people.count) people in "
                           + "\(book.units.count) units: first \(Self.ms(first)) ms, best of 20 \(Self.ms(best)) ms")
            }
            if json {
                printJSON(Self.json(index, units: book.units))
            } else {
                for person in book.peopleByMentions {
                    let count = index.mentionCount(of: person)
                    let mark = index.people[person].verified ? "" : "  (unverified)"
                    print("\(String(repeating: " ", count: max(0, 5 - String(count).count)))\(count)  "
                          + "\(VisibleText.sanitize(index.people[person].name))\(mark)")
                }
            }
        }

        /// Precision and recall of the proposals against a curated register, then the first 30
        /// proposals with the register person each stands for.
        func printScore(document: Document, referencePath: String) {
            let reference: PeopleRegister
            do {
                let bytes = try BookFile.readBytes(path: referencePath)
                reference = try PeopleRegister.parse(String(decoding: bytes, as: UTF8.self))
            } catch let error as RegisterError {
                fail("\(referencePath): \(error.description)")
            } catch let error as BookFileError {
                fail(error.description)
            } catch {
                fail("\(referencePath): \(error)")
            }
            let proposed = Book(document: document, register: nil)
            let curated = Book(document: document, register: reference)
            let score = ProposalScore(proposed: proposed.people, reference: curated.people)
            func percent(_ value: Double) -> String { String(Double(Int(value * 1000)) / 10) + "%" }
            print("people:   precision \(percent(score.peoplePrecision)) (\(score.matchedProposals)/\(score.proposedPeople)), "
                  + "recall \(percent(score.peopleRecall)) (\(score.foundReferencePeople)/\(score.referencePeople))")
            print("mentions: precision \(percent(score.mentionPrecision)) (\(score.correctMentions)/\(score.proposedMentions)), "
                  + "recall \(percent(score.mentionRecall)) (\(score.foundReferenceMentions)/\(score.referenceMentions))")
            for person in proposed.peopleByMentions.prefix(30) {
                let target = score.standsFor[person].map { curated.people.people[$0].name } ?? "-"
                print("\(proposed.people.mentionCount(of: person))\t\(proposed.people.people[person].name)\t\(target)")
            }
            let found = Set(score.standsFor.compactMap { $0 })
            let missed = curated.peopleByMentions.filter { !found.contains($0) && curated.people.mentionCount(of: $0) > 0 }
            if !missed.isEmpty {
                print("not proposed: " + missed.map { "\(curated.people.people[$0].name) (\(curated.people.mentionCount(of: $0)))" }
                    .joined(separator: ", "))
            }
        }

        static func ms(_ nanoseconds: UInt64) -> String { String(Double(nanoseconds / 1000) / 1000) }

        static func json(_ index: PeopleIndex, units: [TextUnit]) -> JSON {
            // Every mention once, in book order, so each text is walked once whoever is named.
            var walker = ScalarWalker()
            let described: [JSON] = index.mentions.map { mention in
                let unit = units[mention.unit]
                let (line, column) = unit.paragraph.position(ofScalarOffset: mention.offset)
                let scalars = unit.text.unicodeScalars
                let from = walker.index(of: mention.offset, unit: mention.unit, in: unit.text)
                let to = scalars.index(from, offsetBy: mention.length, limitedBy: scalars.endIndex) ?? scalars.endIndex
                return .object([("line", .int(line)), ("column", .int(column)),
                                ("length", .int(mention.length)), ("text", .string(String(scalars[from..<to])))])
            }
            return .array(index.people.indices.map { p in
                let person = index.people[p]
                let mentions = index.mentionIndices(of: p).map { described[$0] }
                return .object([
                    ("id", .string(person.id)), ("name", .string(person.name)),
                    ("aliases", .array(Array(person.forms.dropFirst()).map(JSON.string))),
                    ("born", .optional(person.born)), ("died", .optional(person.died)),
                    ("role", .optional(person.role)), ("mentions", .array(mentions)),
                ])
            })
        }
    }
}

enum RegisterLookup {
    case found(PeopleRegister)
    case missing
    case invalid(String)
}

/// The register beside a book: `book.txt` -> `book.people`; the bundled book's lives in Content.
func loadPeopleRegister(for file: String?) -> RegisterLookup {
    let bookPath = file ?? BundledContent.bookPath
    var path = bookPath
    if let slash = path.lastIndex(of: "/"), let dot = path[slash...].lastIndex(of: "."), dot > path.index(after: slash) {
        path = String(path[..<dot])
    } else if path.lastIndex(of: "/") == nil, let dot = path.lastIndex(of: "."), dot > path.startIndex {
        path = String(path[..<dot])
    }
    path += ".people"
    guard access(path, F_OK) == 0 else { return .missing }
    do {
        let bytes = try BookFile.readBytes(path: path)
        let register = try PeopleRegister.parse(String(decoding: bytes, as: UTF8.self))
        // `iskra people book.txt > book.people` makes the file empty before iskra reads it: an
        // empty register is no register, and saying so keeps it from silencing every list.
        guard !register.people.isEmpty else {
            printError("iskra: \(path) lists nobody: people are proposed from the text instead")
            return .missing
        }
        return .found(register)
    } catch let error as RegisterError {
        return .invalid("\(path): \(error.description)")
    } catch let error as BookFileError {
        return .invalid(error.description)
    } catch {
        return .invalid("\(path): \(error)")
    }
}

/// The book's register, nil when it has none (people are then proposed), or a one-line exit.
func loadRegisterOrFail(for file: String?) -> PeopleRegister? {
    switch loadPeopleRegister(for: file) {
    case .found(let register): return register
    case .missing: return nil
    case .invalid(let message): fail(message)
    }
}

func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}
