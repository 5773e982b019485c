-- GET /api/v1/users?search=<term>&page=<n>&pageSize=20 with the mix of bench/sql/users_list.sql:
-- half the requests search a last name (~1 % of the seeded users, ~10,000 matches), half an
-- e-mail number ("user<n>@": one match), on pages 1-5. BENCH_AUTHORIZATION: the admin's token.
-- BENCH_LIST=all: no search at all, pages 1-50 of everyone (newest first).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local authorization = os.getenv("BENCH_AUTHORIZATION")
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end
local users = tonumber(os.getenv("BENCH_USERS") or "1000000")
local everyone = os.getenv("BENCH_LIST") == "all"

local last_names = {
  "Lovelace", "Turing", "Liskov", "Kernighan", "Shannon", "Ritchie", "Knuth", "Dijkstra",
  "Clarke", "Allen", "Hopper", "Rossum", "Lamarr", "Sutherland", "Sammet", "Backus", "Thompson",
  "Spark", "Lamport", "Torvalds", "Hamilton", "Minsky", "Wirth", "Lynch", "Dahl", "Naur",
  "Perlman", "Pike", "Wilson", "Wozniak", "Berners", "Hoare", "Franklin", "Cerf", "Diffie",
  "Matsumoto", "Stroustrup", "Babbage", "Scott", "Gamma", "Sussman", "Abelson", "Kay", "Kahan",
  "Hellman", "Rivest", "Shamir", "Adleman", "Merkle", "Bellman", "Codd", "Gray", "Stonebraker",
  "Bachman", "Chen", "Boyce", "Ullman", "Aho", "Sethi", "Hopcroft", "Tarjan", "Karp", "Cook",
  "Levin", "Rabin", "Floyd", "Milner", "Church", "Curry", "Haskell", "McCarthy", "Steele",
  "Gabriel", "Graham", "Norvig", "Russell", "Pearl", "Valiant", "Blum", "Micali", "Goldwasser",
  "Yao", "Papadimitriou", "Sipser", "Wigderson", "Kleinberg", "Tardos", "Vazirani", "Shor",
  "Grover", "Deutsch", "Feynman", "Neumann", "Zuse", "Eckert", "Mauchly", "Atanasoff", "Aiken",
  "Wilkes", "Hollerith",
}

function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

request = function()
  if everyone then
    return wrk.format("GET", "/api/v1/users?page=" .. math.random(1, 50) .. "&pageSize=20")
  end
  local term
  if math.random(0, 1) == 0 then
    term = string.lower(last_names[math.random(1, #last_names)])
  else
    term = "user" .. math.random(1, users) .. "%40"
  end
  local path = "/api/v1/users?search=" .. term .. "&page=" .. math.random(1, 5) .. "&pageSize=20"
  return wrk.format("GET", path)
end
