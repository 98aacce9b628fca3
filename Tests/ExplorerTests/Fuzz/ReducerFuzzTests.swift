import IskraCore
import FuzzSupport
import Testing
import TextUI
@testable import Explorer

/// Long random sequences of keys, mouse events and resizes through the reducer: nothing
/// crashes, the state stays consistent after every action, and every state renders.
/// Seeds are fixed; a failure names its seed and step (replay with ISKRA_FUZZ_SEED=N).
@Suite("Reducer fuzzing")
struct ReducerFuzzTests {
    static let books: [(String, Book)] = [
        ("bundled", Fixtures.book),
        ("empty", Book(document: Parser.parse(text: ""))),
        ("title only", Book(document: Parser.parse(text: "Just A Title\n"))),
        ("sources only", Book(document: Parser.parse(text: "Primary Sources\n\n(1) A, B (1900)\nText.\n\n(2) C, D (1901)\n"))),
        ("one chapter, one huge line", Book(document: Parser.parse(
            text: "Title\n\nHeading\n\n" + String(repeating: "word 日本語 ", count: 2_000) + "\n"))),
        // Paragraphs of more pieces than a window holds, one in the sources' introduction.
        ("paragraphs of megabytes", Book(document: Parser.parse(
            text: "Title\n\n" + String(repeating: "Leon Trotsky wrote to Lenin – “déjà vu”. ", count: 6_500)
                + "\n\nPrimary Sources\n\n" + String(repeating: "an introduction ", count: 17_000)
                + "\n\n(1) A, B (1900)\n" + String(repeating: "x", count: 300_000) + "\n"))),
        ("wide and combining", Book(document: Parser.parse(
            text: "日本語の本\n\n第一章\n\nle\u{301}ger e\u{301}te\u{301} 👨‍👩‍👧 \u{1B}[2J\u{7}\n\n第二章\n\n" + String(repeating: "長い行", count: 500) + "\n"))),
    ]

    @Test func bundledBook() {
        let runs = FuzzBudget.forEachSeed(base: 0x5000, defaultSeeds: 4) { seed in
            ReducerFuzzer.run(seed: seed, book: Fixtures.book, bookName: "bundled", steps: 500)
        }
        #expect(runs > 0)
    }

    @Test func oddBooks() {
        let runs = FuzzBudget.forEachSeed(base: 0x6000, defaultSeeds: 7) { seed in
            let (name, book) = Self.books[Int(seed % UInt64(Self.books.count))]
            ReducerFuzzer.run(seed: seed, book: book, bookName: name, steps: 300)
        }
        #expect(runs > 0)
    }

    /// The sizes the issue names, each straight from the start and after some use.
    @Test(arguments: [(0, 0), (1, 1), (20, 5), (39, 9), (40, 10), (79, 24), (80, 24), (300, 100)])
    func namedSizes(width: Int, height: Int) {
        for (name, book) in Self.books {
            var state = AppState(book: book, size: Size(width: width, height: height), search: BookSearch(book: book))
            var fuzzer = ReducerFuzzer(seed: UInt64(width * 1000 + height), bookName: name)
            fuzzer.check(state, step: 0, action: nil)
            _ = render(state, theme: Theme(capability: .palette256))
            for step in 1...60 {
                let action = step % 20 == 0 ? Action.input(.resize(Size(width: width, height: height))) : fuzzer.nextAction(for: state, allowResize: false)
                _ = reduce(&state, action)
                fuzzer.check(state, step: step, action: action)
                if step % 3 == 0 { fuzzer.checkRender(state, step: step) }
            }
        }
    }

    /// The invariants can fail: a state broken by hand is caught.
    @Test func theInvariantsCatchABrokenState() {
        var state = Fixtures.state(80, 24)
        #expect(ReducerFuzzer.problems(state).isEmpty)
        state.readerTop = state.maxReaderTop + 1
        #expect(ReducerFuzzer.problems(state).contains { $0.contains("readerTop") })
        state = Fixtures.state(80, 24)
        state.size = Size(width: 120, height: 40) // without the reducer: reader not re-wrapped
        #expect(ReducerFuzzer.problems(state).contains { $0.contains("reader width") })
        state = Fixtures.state(80, 24)
        state.sourceList.selection = state.sourceCount
        #expect(ReducerFuzzer.problems(state).contains { $0.contains("Sources selection") })
        state = Fixtures.state(80, 24)
        state.chapterList.offset = state.chapterCount
        #expect(ReducerFuzzer.problems(state).contains { $0.contains("Chapters offset") })
        state = Fixtures.state(80, 24)
        state.personList.rows.append(state.personList.rows[0])
        #expect(ReducerFuzzer.problems(state).contains { $0.contains("People rows") })
    }
}

struct ReducerFuzzer {
    var random: SplitMix64
    let seed: UInt64
    let bookName: String
    var failures = 0
    var theme: Theme

    init(seed: UInt64, bookName: String) {
        self.seed = seed
        self.bookName = bookName
        random = SplitMix64(seed: seed)
        let capabilities: [ColorCapability] = [.monochrome, .basic8, .palette256]
        theme = Theme(capability: capabilities[Int(seed % 3)])
    }

    static let boundKeys: [Key] = Keymap.bindings.flatMap(\.keys)
    static let otherKeys: [Key] = [.enter, .escape, .tab, .backTab, .backspace, .delete, .up, .down, .left, .right,
                                   .pageUp, .pageDown, .home, .end, .function(1), .function(12),
                                   .insert, .alt(.character("b")), .alt(.backspace)]
    static let namedSizes: [Size] = [(0, 0), (1, 1), (20, 5), (39, 9), (40, 10), (79, 24), (80, 24), (120, 40), (300, 100)]
        .map { Size(width: $0.0, height: $0.1) }
    static let commands: [Command] = [.quit, .toggleHelp, .closeOverlay, .focusNextPane, .focusPreviousPane,
                                      .showTab(.chapters), .showTab(.people), .showTab(.sources), .lineDown, .lineUp,
                                      .halfPageDown, .halfPageUp, .pageDown, .pageUp, .top, .bottom, .open, .nextPage,
                                      .previousPage, .back, .forward, .redraw, .search, .nextMatch, .previousMatch,
                                      .peopleOnScreen, .sortList, .filterList, .widenNavigator, .narrowNavigator, .addBookmark, .showBookmarks,
                                      .deleteBookmark]

    /// Runs `steps` random actions from a random start size, checking after each one and
    /// rendering every few steps (rendering is the slow part in a debug build).
    static func run(seed: UInt64, book: Book, bookName: String, steps: Int) {
        FuzzBudget.note("reducer", seed: seed)
        var fuzzer = ReducerFuzzer(seed: seed, bookName: bookName)
        // The search index arrives when the runtime's job finishes: at the start, or any time.
        let search = BookSearch(book: book)
        let indexedAtStart = fuzzer.random.chance(50)
        let indexStep = indexedAtStart ? 0 : 1 + fuzzer.random.below(steps)
        var state = AppState(book: book, size: fuzzer.randomSize(), search: indexedAtStart ? search : nil)
        fuzzer.check(state, step: 0, action: nil)
        for step in 1...steps {
            let action = step == indexStep ? .searchReady(search) : fuzzer.nextAction(for: state, allowResize: true)
            _ = reduce(&state, action)
            fuzzer.check(state, step: step, action: action)
            if step % 5 == 0 || step == steps { fuzzer.checkRender(state, step: step) }
            if fuzzer.failures >= 3 { return }
        }
    }

    mutating func randomSize() -> Size {
        if random.chance(50) { return Self.namedSizes[random.below(Self.namedSizes.count)] }
        return Size(width: random.below(321), height: random.below(111))
    }

    mutating func randomCharacter() -> Character {
        switch random.below(5) {
        case 0: return Character(Unicode.Scalar(UInt8(0x20 + random.below(0x5F))))
        case 1: return ["é", "ж", "日", "’", "€", "🙂", "ß"][random.below(7)]
        case 2: return Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(random.below(26))))
        case 3: return Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(random.below(26))))
        default: return Character(Unicode.Scalar(UInt32(0xA0 + random.below(0x2000))) ?? "x")
        }
    }

    mutating func nextAction(for state: AppState, allowResize: Bool) -> Action {
        let roll = random.below(100)
        switch roll {
        case 0..<45:
            return .input(.key(Self.boundKeys[random.below(Self.boundKeys.count)]))
        case 45..<57:
            return .input(.key(.character(randomCharacter())))
        case 57..<67:
            if random.chance(25) { return .input(.key(.control(Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(random.below(26))))))) }
            return .input(.key(Self.otherKeys[random.below(Self.otherKeys.count)]))
        case 67..<87:
            let buttons: [MouseButton] = [.left, .left, .left, .middle, .right, .wheelUp, .wheelDown, .wheelDown]
            let x = random.chance(10) ? random.below(400) - 50 : random.below(state.size.width + 3)
            let y = random.chance(10) ? random.below(200) - 50 : random.below(state.size.height + 3)
            return .input(.mouse(MouseEvent(button: buttons[random.below(buttons.count)], position: Point(x: x, y: y))))
        case 87..<90:
            // A paste (random text, controls and line breaks included), or a batch of keys.
            if random.chance(50) {
                return .input(.paste(String((0..<random.below(400)).map { _ in
                    random.chance(10) ? Character(Unicode.Scalar(UInt8(random.below(32)))) : randomCharacter()
                })))
            }
            return .inputs((0..<(1 + random.below(40))).map { _ in
                random.chance(70) ? .key(.character(randomCharacter())) : .key(Self.boundKeys[random.below(Self.boundKeys.count)])
            })
        case 90..<95 where allowResize:
            if random.chance(5) { return .input(.resize(Size(width: random.below(20) - 10, height: random.below(20) - 10))) }
            return .input(.resize(randomSize()))
        default:
            return .command(Self.commands[random.below(Self.commands.count)])
        }
    }

    mutating func check(_ state: AppState, step: Int, action: Action?) {
        let problems = Self.problems(state)
        guard !problems.isEmpty else { return }
        failures += 1
        Issue.record("seed \(seed) (\(bookName)), step \(step), after \(action.map { "\($0)" } ?? "start"), size \(state.size.width)x\(state.size.height): \(problems.joined(separator: "; "))")
    }

    mutating func checkRender(_ state: AppState, step: Int) {
        let buffer = render(state, theme: theme)
        var problems: [String] = []
        if buffer.size != state.size { problems.append("frame is \(buffer.size), state is \(state.size)") }
        if !state.geometry.isTooSmall {
            let title = (0..<min(7, buffer.size.width)).map { buffer[$0, 0].grapheme }.joined()
            if title != " iskra " { problems.append("title bar reads \"\(title)\"") }
        }
        guard !problems.isEmpty else { return }
        failures += 1
        Issue.record("seed \(seed) (\(bookName)), step \(step), render: \(problems.joined(separator: "; "))")
    }

    /// Every way the state is inconsistent (empty when it is sound).
    static func problems(_ state: AppState) -> [String] {
        var problems: [String] = []
        func within(_ name: String, _ value: Int, _ range: ClosedRange<Int>) {
            if !range.contains(value) { problems.append("\(name) \(value) outside \(range)") }
        }
        // Every navigator list: its rows are distinct items of the book, the selection and the
        // scroll offset inside them.
        for tab in NavigatorTab.allCases {
            let list = state[list: tab]
            let total = switch tab {
            case .chapters: state.chapterCount
            case .sources: state.sourceCount
            case .people: state.book.people.people.count
            case .timeline: state.dates?.dates.count ?? 0
            case .notes: state.notes.placed.count
            }
            if Set(list.rows).count != list.rows.count || list.rows.contains(where: { $0 < 0 || $0 >= total }) {
                problems.append("\(tab.label) rows are not distinct items of the book")
            }
            within("\(tab.label) selection", list.selection, 0...max(0, list.rows.count - 1))
            within("\(tab.label) offset", list.offset,
                   0...ListViewport.maxOffset(count: list.rows.count, height: listRowsRect(state, tab).height))
        }
        if state.geometry.navigatorWidth + 1 + ExplorerGeometry.minimumReaderWidth > state.size.width && !state.geometry.isOnePane
            && !state.geometry.isTooSmall {
            problems.append("navigator \(state.geometry.navigatorWidth) leaves the reader less than its minimum")
        }
        within("readerTop", state.readerTop, 0...state.maxReaderTop)
        if state.reader.width != state.geometry.readerTextWidth {
            problems.append("reader width \(state.reader.width), geometry says \(state.geometry.readerTextWidth)")
        }
        if state.reader.page != state.page { problems.append("reader shows \(state.reader.page), page is \(state.page)") }
        if state.book.pageCount > 0 && !state.book.isValid(state.page) { problems.append("page \(state.page) does not exist") }
        if state.size.width < 0 || state.size.height < 0 { problems.append("negative size \(state.size)") }
        if case .help(let scroll)? = state.overlay, scroll < 0 { problems.append("help scrolled to \(scroll)") }
        for place in state.back + state.forward where !state.book.isValid(place.page) {
            problems.append("history holds a missing page \(place.page)")
        }
        // People, person cards, search.
        if let cursor = state.readerCursor {
            if cursor >= state.reader.lines.count || state.reader.lines[cursor].target == nil {
                problems.append("reader cursor \(cursor) is not on a selectable line")
            }
        }
        if state.search?.isStale == true { problems.append("search results are stale after reduce") }
        if let session = state.search {
            if let selection = session.selection, !(0..<session.rows.count).contains(selection) || !session.rows[selection].isSelectable {
                problems.append("search selection \(selection) of \(session.rows.count) rows is not selectable")
            }
            within("search offset", session.offset, 0...max(0, session.rows.count - 1))
        }
        if case .search(let hit)? = state.stepping {
            if let results = state.activeResults { within("search hit", hit, 0...max(0, results.count - 1)) }
            else { problems.append("stepping through a search with no results") }
        }
        if case .person(let person, let mention)? = state.stepping {
            within("stepping person", person, 0...max(0, state.book.people.people.count - 1))
            within("stepping mention", mention, -1...max(-1, state.book.people.mentionCount(of: person) - 1))
        }
        if case .peopleOnScreen(let people, let selection)? = state.overlay {
            within("people overlay selection", selection, 0...max(0, people.count - 1))
        }
        if state.reader.isWindowed && !state.reader.body.isEmpty {
            if !(state.reader.window.lowerBound >= state.reader.body.lowerBound && state.reader.window.upperBound <= state.reader.body.upperBound) {
                problems.append("layout window \(state.reader.window) outside the page \(state.reader.body)")
            }
        }
        return problems
    }
}
