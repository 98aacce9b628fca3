import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import IskraCore
import TextUI

extension Iskra {
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "Search the book; print one hit per line (line:column: place: context).",
            discussion: """
            Query syntax:
              word        words starting with it: kronst finds Kronstadt, lenin
                          finds Leninist (not a word that merely contains it)
              two words   both in the same paragraph; every occurrence is a hit
              "a phrase"  the words in order, side by side (punctuation between
                          is fine); the last word may be a prefix. A quote opens
                          a phrase only at the start of a term
              -word       leave out paragraphs with the word (also -"a phrase")
              in:sources  only the primary sources (in:chapters: the narrative)
              by:NAME     the sources written by NAME (a register name counts:
                          by:lenin); alone, it lists them
            Case is ignored unless the query has a capital letter. Accents,
            curly quotes, dashes and ligatures never matter: emigre finds
            émigrés, Trotsky's finds Trotsky’s, 1905-7 finds 1905–7, manoeuvre
            finds manœuvre.

            Positions are 1-based lines and columns in Unicode scalars. --json
            prints [{"line", "column", "length", "text", "context" (the hit in
            its sentence, --width characters), "passage" (which of the results'
            passages holds it, from 1: hits in one paragraph, heading, caption
            or source header share it), and "chapter" (its title; null for the
            untitled opening) or "source" (its number)}]. --count counts hits,
            one a line of the plain output.
            Exit status: 0 with hits, 1 without, 2 when the book cannot be read.
            """)

        @Argument(help: "What to look for (quote it for the shell); it may start with -, as in \"-lenin kronstadt\".")
        var query: String

        @OptionGroup var book: BookArgument
        var file: String? { book.file }

        @Flag(help: "Print the hits as a JSON array.")
        var json = false

        @Flag(help: "Print only the number of hits.")
        var count = false

        @Option(help: ArgumentHelp("Context width of each line, in characters.", valueName: "n"))
        var width = 72

        @Flag(help: .hidden)
        var benchmark = false

        /// `iskra search lenin in:sources` unquoted: the second word is taken for the file.
        func validate() throws {
            guard let file, !benchmark, access(file, F_OK) != 0 else { return }
            if file.contains(":") || (!file.contains(".") && !file.contains("/")) {
                throw ValidationError("no book named \u{201C}\(file)\u{201D}: to search for several words, quote them: "
                                      + "iskra search '\(query) \(file)'")
            }
        }

        @Option(help: .hidden)
        var copies = 100

        func run() throws {
            let parsed = SearchQuery(query)
            // --count is answered from the cache when the book is cached and the query needs
            // only the index; otherwise the book is parsed, and its index read from the cache
            // (or built and cached for next time).
            let cache = !book.noCache && !benchmark ? commandLineCache() : nil
            let bookPath = file ?? BundledContent.bookPath
            if let cache, count && !json, MappedSearchIndex.canCount(parsed),
               let key = cache.key(forBookAt: bookPath, companions: companionPaths(ofBook: bookPath)),
               let cached = cache.openSearchIndex(key), let hits = cached.count(parsed) {
                printIgnoredParts(parsed)
                print(hits)
                if hits == 0 { throw ExitCode(1) }
                return
            }
            let document: Document
            var cached: CachedBook?
            do {
                if let cache {
                    // A file that changed while it was read is not cached (`cached` is nil).
                    let parsed = try BookLoader.parse(path: bookPath, cache: cache, identifying: false, progress: { _, _ in })
                    (document, cached) = (parsed.document, parsed.cached)
                } else {
                    document = try loadDocument(file)
                }
            } catch { fail(error.description, code: 2) }
            if benchmark { return runBenchmark(document) }
            let index = cached.searchIndex(document: document, units: document.makeUnits())
            sayCacheProblem(cached)
            // by:NAME: the sources whose author matches, read from their headers.
            var onlySources: [Int]?
            if !parsed.authors.isEmpty {
                let prepared = loadRegisterOrFail(for: file).map(PreparedRegister.init)
                let book = cached.book(document: document, prepared: prepared)
                let catalog = cached.catalog(for: book)
                sayCacheProblem(cached)
                onlySources = catalog.sources(byAuthors: parsed.authors, people: book.people)
                if parsed.isEmpty {
                    // No words: the sources themselves.
                    let sources = onlySources ?? []
                    if json {
                        print(JSON.array(sources.map { index in
                            let source = document.sources[index]
                            return .object([("source", .int(source.number)), ("line", .int(source.line)), ("header", .string(source.header))])
                        }).serialized(indent: 2))
                    } else {
                        for index in sources {
                            let source = document.sources[index]
                            print("\(source.line):1: Source \(source.number): " + VisibleText.sanitize(source.header))
                        }
                    }
                    if sources.isEmpty { throw ExitCode(1) }
                    return
                }
            }
            printIgnoredParts(parsed)
            let results = index.search(parsed, onlySources: onlySources)
            if json {
                printJSON(Self.json(results, index: index, contextWidth: max(10, width)))
            } else if count {
                print(results.count)
            } else {
                var out = ""
                for hit in results {
                    let position = index.position(of: hit)
                    // Chapter titles and source headers are the book's text: visible, never raw.
                    let place = VisibleText.sanitize(index.label(for: index.units[hit.unit].container))
                    let snippet = index.snippet(for: hit, width: max(10, width))
                    out += "\(position.line):\(position.column): \(place): \(snippet.line)\n"
                    if out.utf8.count > 1 << 16 { print(out, terminator: ""); out = "" }
                }
                print(out, terminator: "")
            }
            if results.isEmpty { throw ExitCode(1) }
        }

        func printIgnoredParts(_ parsed: SearchQuery) {
            for part in parsed.ignored {
                printError("iskra: ignored \(part) (" + (part.hasPrefix("in:") ? "scopes are in:sources and in:chapters)"
                                                       : "a lone - excludes nothing)"))
            }
            if parsed.isEmpty && !parsed.excludedTerms.isEmpty {
                printError("iskra: -word only leaves paragraphs out; add a word to search for")
            }
        }

        static func json(_ results: SearchResults, index: SearchIndex, contextWidth: Int) -> JSON {
            // Hits are in book order: each text is walked once, however many hits it holds.
            var walker = ScalarWalker()
            return .array(results.indices.map { i in
                let hit = results[i]
                let unit = index.units[hit.unit]
                let position = unit.paragraph.position(ofScalarOffset: hit.offset)
                let scalars = unit.text.unicodeScalars
                let from = walker.index(of: hit.offset, unit: hit.unit, in: unit.text)
                let to = scalars.index(from, offsetBy: hit.length, limitedBy: scalars.endIndex) ?? scalars.endIndex
                var members: [(String, JSON)] = [
                    ("line", .int(position.line)), ("column", .int(position.column)),
                    ("length", .int(hit.length)), ("text", .string(String(scalars[from ..< to]))),
                    ("context", .string(index.snippet(for: hit, width: contextWidth).line)),
                ]
                switch unit.container {
                case .front:
                    members.append(("chapter", .null))
                case .chapter(let i):
                    members.append(("chapter", .optional(index.chapterTitle(i))))
                case .sourcesIntro:
                    members.append(("source", .null))
                case .source(let i):
                    members.append(("source", .int(index.sourceNumber(i))))
                }
                members.append(("passage", .int(results.passage(ofHit: i) + 1)))
                return .object(members)
            })
        }

        func runBenchmark(_ document: Document) {
            func show(_ name: String, _ report: SearchBenchmark.Report) {
                print("\(name): \(report.units) units, \(report.textBytes) bytes of text, \(report.words) words, "
                      + "\(report.vocabulary) distinct; index built in \(report.build); "
                      + "\(report.samples) keystrokes: p50 \(report.p50), p99 \(report.p99), max \(report.max)")
                print("  best of rounds: p50 \(report.bestOfRoundsP50), p99 \(report.bestOfRoundsP99)")
                print("  slowest: " + report.slowest.map { "\($0.query) \($0.time)" }.joined(separator: ", "))
            }
            show("book", SearchBenchmark.run(document: document))
            let corpus = SearchBenchmark.syntheticCorpus(from: document, copies: copies)
            show("x\(copies)", SearchBenchmark.run(document: corpus, rounds: 3))
        }
    }
}

