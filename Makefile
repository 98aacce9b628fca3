# iskra: two commands matter. `make run` opens the explorer on the bundled book, `make test`
# runs every test. Both install missing system packages when run as root.
SWIFT ?= swift
PREFIX ?= /usr/local
BUILD_DEPS = libncurses-dev
TEST_DEPS = libncurses-dev tmux
RELEASE_BIN = .build/release/iskra

.PHONY: all build release run test bench soak install clean deps test-deps

all: build

deps:
	@scripts/ensure-deps.sh $(BUILD_DEPS)

test-deps:
	@scripts/ensure-deps.sh $(TEST_DEPS)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release
	$(RELEASE_BIN) $(ARGS)

# The end-to-end tests drive the debug binary in tmux, so build it before the tests run.
test: test-deps
	$(SWIFT) build
	$(SWIFT) test

bench: release
	$(RELEASE_BIN) bench

install: deps
	$(SWIFT) build -c release --static-swift-stdlib
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/iskra
	install -m 755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/iskra
	install -m 644 Content/* $(DESTDIR)$(PREFIX)/share/iskra/

clean:
	rm -rf .build
