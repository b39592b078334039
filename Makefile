# annexgen: `make` builds ./annexgen, `make demo` generates the example tenders
# into out/, `make check` runs every test (see README.md).

CC ?= cc
STD_CFLAGS = -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CFLAGS ?= -O2 -g
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
PREFIX ?= /usr/local
DESTDIR ?=
# The official schemas (ODF 1.3, ECMA-376) and validator live beside the repo.
SHARED ?= ../shared
SCHEMAS ?= $(SHARED)/schemas
export SCHEMAS SHARED

B = .build
PKGS = libxml-2.0 libzip zlib libmicrohttpd
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

LIB_SRC = $(filter-out gen/main.c gen/embed.c,$(wildcard gen/*.c))
LIB_OBJ = $(patsubst gen/%.c,$(B)/%.o,$(LIB_SRC)) $(B)/embedded.o
SAN_OBJ = $(patsubst gen/%.c,$(B)/san/%.o,$(LIB_SRC)) $(B)/san/embedded.o
TESTS = $(patsubst tests/%.c,%,$(wildcard tests/test_*.c))

# NAME=PATH pairs compiled into the binary (gen/embedded.h).
EMBED = catalog.rng=catalog/catalog.rng tender.rng=catalog/tender.rng \
	catalog/moda-public-cloud-v5.1.xml=catalog/moda-public-cloud-v5.1.xml \
	$(foreach f,$(wildcard templates/odt/*.xml templates/docx/*.xml),$(patsubst templates/%,%,$(f))=$(f)) \
	$(foreach f,$(wildcard web/*.css),$(f)=$(f))
EMBED_FILES = $(foreach p,$(EMBED),$(word 2,$(subst =, ,$(p))))

EXAMPLES = $(wildcard catalog/examples/*.xml)

all: annexgen

# Installs the libraries the build and the unit tests need, when missing.
deps:
	@missing=""; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	for p in libxml-2.0:libxml2-dev libzip:libzip-dev zlib:zlib1g-dev cmocka:libcmocka-dev libmicrohttpd:libmicrohttpd-dev; do \
	  pkg-config --exists $${p%%:*} 2>/dev/null || missing="$$missing $${p#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "annexgen: installing missing packages with apt-get:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(B) $(B)/san $(B)/tests:
	@mkdir -p $@

$(B)/embed: gen/embed.c | $(B)
	$(CC) $(STD_CFLAGS) -O1 -o $@ $<

$(B)/embedded.c: $(B)/embed $(EMBED_FILES) Makefile
	$(B)/embed $@ $(EMBED)

$(B)/%.o: gen/%.c gen/*.h | $(B) deps
	$(CC) $(STD_CFLAGS) $(CFLAGS) $(PKG_CFLAGS) -Igen -c -o $@ $<

$(B)/embedded.o: $(B)/embedded.c gen/embedded.h
	$(CC) $(STD_CFLAGS) $(CFLAGS) -Igen -c -o $@ $<

$(B)/san/%.o: gen/%.c gen/*.h | $(B)/san deps
	$(CC) $(STD_CFLAGS) $(SAN_FLAGS) $(PKG_CFLAGS) -Igen -c -o $@ $<

$(B)/san/embedded.o: $(B)/embedded.c gen/embedded.h | $(B)/san
	$(CC) $(STD_CFLAGS) $(SAN_FLAGS) -Igen -c -o $@ $<

annexgen: $(LIB_OBJ) $(B)/main.o
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/san/annexgen: $(SAN_OBJ) $(B)/san/main.o
	$(CC) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/tests/%: tests/%.c $(LIB_OBJ) | $(B)/tests
	$(CC) $(STD_CFLAGS) $(CFLAGS) $(PKG_CFLAGS) -Igen -o $@ $< $(LIB_OBJ) $(PKG_LIBS) -lcmocka

$(B)/tests/san-%: tests/%.c $(SAN_OBJ) | $(B)/tests
	$(CC) $(STD_CFLAGS) $(SAN_FLAGS) $(PKG_CFLAGS) -Igen -o $@ $< $(SAN_OBJ) $(PKG_LIBS) -lcmocka

demo: annexgen
	@for t in $(EXAMPLES); do ./annexgen generate "$$t" -o out || exit 1; done

check: annexgen $(B)/san/annexgen $(addprefix $(B)/tests/,$(TESTS)) $(addprefix $(B)/tests/san-,$(TESTS))
	@TESTS="$(TESTS)" B=$(B) bash tests/check.sh

memcheck: annexgen
	@bash tests/memcheck.sh

# Benchmarks against pandoc, docxtemplater and the zlib floor (tests/bench/README.md).
bench:
	@$(MAKE) -s annexgen
	@bash tests/bench/run.sh

# libFuzzer harnesses (clang); FUZZ_SECONDS per harness.
FUZZ_SECONDS ?= 60
fuzz: $(B)/embedded.c
	@FUZZ_SECONDS=$(FUZZ_SECONDS) B=$(B) bash tests/fuzz/run.sh

install: annexgen
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 annexgen $(DESTDIR)$(PREFIX)/bin/annexgen
	install -m 644 gen/annexgen.1 $(DESTDIR)$(PREFIX)/share/man/man1/annexgen.1

clean:
	rm -rf $(B) annexgen

.PHONY: all deps demo check memcheck bench fuzz install clean
.DELETE_ON_ERROR:
