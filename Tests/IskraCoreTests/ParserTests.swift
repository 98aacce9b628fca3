import Testing
@testable import IskraCore

@Suite("Parser on the bundled book")
struct BundledBookParserTests {
    let document = TestBook.document

    @Test func titleAndSize() {
        #expect(document.title == "Leon Trotsky")
        #expect(document.titleLine == 1)
        #expect(document.lineCount == 752)
        #expect(document.warnings.isEmpty)
    }

    @Test func chapterTitlesInOrder() {
        let expected: [String?] = [
            nil, "Bolsheviks and Mensheviks", "Leon Trotsky and Bloody Sunday", "The 1905 Russian Revolution",
            "Leon Trotsky exiled to Siberia", "First World War", "Leon Trotsky and the April Theses",
            "Provisional Government", "The Russian Revolution", "People's Commissar for Foreign Affairs",
            "Leon Trotsky and Brest-Litovsk", "The Civil War", "Leon Trotsky and the Kronstadt Uprising",
            "The Workers' Opposition", "Leon Trotsky and Joseph Stalin", "The Death of Lenin",
            "Leon Trotsky and World Revolution", "Sergei Sedov", "Leon Trotsky Exiled to Kazhakstan",
            "Death of Sergy Kirov", "Trial of Zinoviev and Kamenev", "Bulletin of the Opposition",
            "Death of Lev Sedov", "Leon Trotsky in Mexico City", "The Death of Leon Trotsky",
        ]
        #expect(document.chapters.map(\.title) == expected)
        #expect(document.chapters.map(\.index) == Array(0..<25))
        #expect(document.chapters.map(\.line) == [3, 19, 35, 49, 68, 78, 86, 92, 98, 124, 145, 151, 177, 204, 224,
                                                  242, 254, 262, 268, 276, 282, 302, 318, 334, 340])
        #expect(document.chapters.map { $0.paragraphs.count } == [5, 7, 6, 7, 4, 3, 2, 2, 12, 7, 2, 9, 10, 9, 8,
                                                                  5, 3, 2, 3, 2, 8, 7, 7, 2, 2])
    }

    @Test func openingParagraphStartsTheBiography() throws {
        let first = try #require(document.chapters.first?.paragraphs.first)
        #expect(first.line == 5)
        #expect(first.text.hasPrefix("Lev Davidovich Bronshtein (he assumed the name Leon Trotsky in 1902)"))
        #expect(first.text == TestBook.lines[4])
    }

    @Test func figuresWithCaptions() {
        let figures = document.figures
        #expect(figures.map(\.line) == [3, 13, 61, 130, 143, 165, 172, 191, 202, 300])
        #expect(figures.map(\.endLine) == [3, 15, 62, 131, 144, 166, 173, 192, 203, 301])
        #expect(figures.map(\.chapter) == [0, 0, 3, 9, 9, 11, 11, 12, 12, 20])
        #expect(figures[0].caption == nil)
        #expect(figures[0].altText.text == "Leon Trotsky")
        #expect(figures[1].caption?.text
                == "Alexandra Sokolovskaya and Leon Trotsky with other members of the South Russian Workers' Union.")
        #expect(figures[1].caption?.segments == [LineSegment(textOffset: 0, line: 14, column: 1),
                                                 LineSegment(textOffset: 45, line: 15, column: 1)])
        #expect(figures[4].displayCaption == "Evgenia Shelepina")
        #expect(figures[6].altText.text == "Leon Trotsky  by Clare Sheridan")
        #expect(figures[6].caption?.text == "Leon Trotsky by Clare Sheridan")
        #expect(figures[7].altText.text == "Kronstadt Uprising")
        #expect(figures[7].caption?.text == "Red Army soldiers attack Kronstadt in March 1921")
    }

    @Test func headingRightAfterACaptionIsAChapter() {
        // Lines 143-145 and 202-204 and 300-302 have no blank line between caption and heading.
        let titles = document.chapters.map(\.title)
        #expect(titles.contains("Leon Trotsky and Brest-Litovsk"))
        #expect(titles.contains("The Workers' Opposition"))
        #expect(titles.contains("Bulletin of the Opposition"))
        #expect(!titles.contains("Evgenia Shelepina"))
        #expect(!titles.contains("Kronstadt Uprising"))
    }

    @Test func sourcesHeadingAndCount() {
        #expect(document.sourcesHeading == Heading(line: 346, text: "Primary Sources"))
        #expect(document.sourcesPreamble.isEmpty)
        #expect(document.sources.count == 44)
        #expect(document.sources.map(\.number) == Array(1...44))
    }

    @Test func everySourceHeaderAndFields() {
        // (line, author, title, date); nil fields where the header is a description.
        let expected: [(Int, String?, String?, String?)] = [
            (348, "Leon Trotsky", "My Life: An Attempt at an Autobiography", "1930"),
            (356, "Julius Martov", "letter to Pavel Axelrod on Leon Trotsky", "2nd March, 1903"),
            (360, nil, nil, nil),
            (366, nil, nil, nil),
            (370, "Leon Trotsky", "statement made to the Petrograd Soviet", "6th November, 1917"),
            (374, nil, nil, nil),
            (378, "Maxim Gorky", "New Life", "7th November, 1917"),
            (382, "Maxim Gorky", "New Life", "10th November, 1917"),
            (386, nil, nil, nil),
            (390, "Leon Trotsky", "speech", "4th January 1918"),
            (394, "Arthur Ransome", "The Daily News", "23rd January 1918"),
            (398, nil, nil, nil),
            (402, nil, nil, nil),
            (408, "Leon Trotsky", "order issued to the Red Army during the Civil War", nil),
            (412, "Leon Trotsky", "Perspectives of World Development", "1924"),
            (420, "J. T. Murphy", "The Errors of Trotskyism", "1925"),
            (426, nil, nil, nil),
            (430, "Victor Serge", "Memoirs of a Revolutionary", "1945"),
            (436, "Adolph Joffe", "suicide letter sent to Leon Trotsky", "16th November, 1927"),
            (440, "Leon Trotsky", "interviewed by St. Louis Post-Dispatch", "17th January, 1937"),
            (444, nil, nil, nil),
            (448, nil, nil, nil),
            (452, "Robin Page Arnot", "Fascist Agents Exposed in the Moscow Trials", "1938"),
            (464, nil, nil, nil),
            (476, "Leon Trotsky", "Stalin", "4th January, 1937"),
            (480, "Leon Trotsky", "The Trial of the Seventeen", "22nd January, 1937"),
            (484, "Walter Duranty", "I Write As I Please", "1935"),
            (494, "Leon Trotsky", "Hitler's Austria Coup", "12th March, 1938"),
            (498, nil, nil, nil),
            (506, "Walter Duranty", "I Write As I Please", "1935"),
            (526, "Leon Trotsky", "The Kronstadt Rebellion", "July, 1938"),
            (530, "Leon Trotsky", "History of the Russian Revolution", "1932"),
            (534, "Bertram D. Wolfe", "Strange Communists I Have Known", "1966"),
            (550, "James Cannon", "speech", "August 28, 1940"),
            (562, "C. L. R. James", "Stalin and Socialism", "1937"),
            (570, "Leon Trotsky", "Art and Politics in Our Epoch", "1938"),
            (574, "Clare Sheridan", "Russian Portraits", "1921"),
            (581, "Clare Sheridan", "Russian Portraits", "1921"),
            (585, "Simon Sebag Montefiore", "The Daily Telegraph", "11th October, 2009"),
            (605, "Eugene Lyons", "The Life and Death of Sacco and Vanzetti", "1927"),
            (625, "Leon Trotsky", "History of the Russian Revolution", "1930"),
            (629, "Walter Duranty", "I Write As I Please", "1935"),
            (633, "Cass Canfield", "Up and Down and Around", "1971"),
            (656, "Natalia Sedova", "How It Happened", "1940"),
        ]
        #expect(document.sources.count == expected.count)
        for (source, (line, author, title, date)) in zip(document.sources, expected) {
            #expect(source.line == line, "source \(source.number)")
            #expect(source.author == author, "source \(source.number)")
            #expect(source.title == title, "source \(source.number)")
            #expect(source.date == date, "source \(source.number)")
            // The header is the line without its "(N) " prefix.
            let raw = TestBook.lines[line - 1]
            #expect("(\(source.number)) " + source.header == raw)
            #expect(source.headerColumn == "(\(source.number)) ".count + 1)
        }
    }

    @Test func dialogueInsideSourcesIsNeverAHeading() throws {
        let last = try #require(document.sources.last)
        #expect(last.paragraphs.count == 48)
        #expect(last.paragraphs.contains { $0.line == 668 && $0.text == "\"Perhaps you would like a cup of tea?\"" })
        #expect(last.endLine == 752)
        let thirtieth = document.sources[29]
        #expect(thirtieth.paragraphs.contains { $0.line == 514 && $0.text.hasPrefix("(a) Trotsky was") })
    }

    @Test func consecutiveLongLinesAreSeparateParagraphs() {
        let source37 = document.sources[36]
        #expect(source37.paragraphs.map(\.line) == [576, 577, 579])
    }

    @Test func noTextIsLost() {
        // Every non-blank line belongs to exactly one unit of text.
        var owner = [Int](repeating: 0, count: TestBook.lines.count + 1)
        for unit in document.makeUnits() {
            for line in unit.paragraph.line...unit.paragraph.endLine { owner[line] += 1 }
        }
        for (index, line) in TestBook.lines.enumerated() {
            let expected = line.isEmpty ? 0 : 1
            #expect(owner[index + 1] == expected, "line \(index + 1)")
        }
    }

    @Test func unitsRoundTripToTheFile() {
        // Each unit's text, split at its segments, is exactly what the file holds at those positions.
        for unit in document.makeUnits() {
            let scalars = Array(unit.text.unicodeScalars)
            for (i, segment) in unit.paragraph.segments.enumerated() {
                let end = i + 1 < unit.paragraph.segments.count ? unit.paragraph.segments[i + 1].textOffset - 1 : scalars.count
                var piece = String.UnicodeScalarView()
                piece.append(contentsOf: scalars[segment.textOffset..<end])
                let line = Array(TestBook.lines[segment.line - 1].unicodeScalars)
                var expected = String.UnicodeScalarView()
                expected.append(contentsOf: line[(segment.column - 1)...])
                #expect(String(piece) == String(expected), "line \(segment.line)")
            }
        }
    }

    @Test func positionsOfScalarOffsets() throws {
        let caption = try #require(document.figures[1].caption)
        // "other" starts line 15, column 1; "with" is at the end of line 14.
        let other = caption.position(ofScalarOffset: 45)
        #expect(other.line == 15 && other.column == 1)
        let with = caption.position(ofScalarOffset: 41)
        #expect(with.line == 14 && with.column == 42)
    }

    @Test func crlfGivesTheSameDocument() {
        var crlf: [UInt8] = []
        for byte in TestBook.bytes {
            if byte == 0x0A { crlf.append(0x0D) }
            crlf.append(byte)
        }
        let parsed = Parser.parse(bytes: crlf, path: TestBook.path)
        #expect(parsed == document)
    }
}
