-- 1,000,000 users for the PostgreSQL bench, generated in SQL. Display names are "<first> <last>"
-- from 100 × 100 names, so a search for a last name matches about 1 % of the users (10,000)
-- and one for an e-mail number a handful. Times spread over the last ~11.6 days.
INSERT INTO users (id, email, display_name, password_hash, email_verified, created_at, updated_at)
SELECT gen_random_uuid(),
       'user' || i || '@example.com',
       (ARRAY['Ada','Alan','Barbara','Brian','Carol','Claude','Dennis','Donald','Edsger','Edith',
              'Frances','Fred','Grace','Guido','Hedy','Ivan','Jean','John','Ken','Kathleen',
              'Leslie','Linus','Margaret','Marvin','Niklaus','Nancy','Ole','Peter','Radia','Rob',
              'Sophie','Steve','Tim','Tony','Ursula','Vint','Whitfield','Xavier','Yukihiro','Zoe',
              'Anita','Bjarne','Charles','Dana','Erich','Frank','Gerald','Hal','Ida','Jim',
              'Karen','Larry','Mary','Noam','Olga','Paul','Quentin','Richard','Susan','Thomas',
              'Ulf','Victor','Wendy','Xena','Yann','Zack','Alice','Bob','Cathy','Dave',
              'Eve','Fiona','Gus','Heidi','Irene','Judy','Kurt','Lara','Mike','Nina',
              'Oscar','Pam','Quinn','Rosa','Sam','Tara','Uma','Vera','Walt','Yvonne',
              'Zelda','Arthur','Betty','Cyril','Doris','Ernst','Flora','Greta','Hans','Iris'])[1 + i % 100]
       || ' ' ||
       (ARRAY['Lovelace','Turing','Liskov','Kernighan','Shannon','Ritchie','Knuth','Dijkstra','Clarke','Allen',
              'Hopper','Rossum','Lamarr','Sutherland','Sammet','Backus','Thompson','Spark','Lamport','Torvalds',
              'Hamilton','Minsky','Wirth','Lynch','Dahl','Naur','Perlman','Pike','Wilson','Wozniak',
              'Berners','Hoare','Franklin','Cerf','Diffie','Matsumoto','Stroustrup','Babbage','Scott','Gamma',
              'Sussman','Abelson','Kay','Kahan','Hellman','Rivest','Shamir','Adleman','Merkle','Bellman',
              'Codd','Gray','Stonebraker','Bachman','Chen','Boyce','Ullman','Aho','Sethi','Hopcroft',
              'Tarjan','Karp','Cook','Levin','Rabin','Floyd','Milner','Church','Curry','Haskell',
              'McCarthy','Steele','Gabriel','Graham','Norvig','Russell','Pearl','Valiant','Blum','Micali',
              'Goldwasser','Yao','Papadimitriou','Sipser','Wigderson','Kleinberg','Tardos','Vazirani','Shor','Grover',
              'Deutsch','Feynman','Neumann','Zuse','Eckert','Mauchly','Atanasoff','Aiken','Wilkes','Hollerith'])[1 + (i / 100) % 100],
       '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0$YmVuY2hoYXNoYmVuY2hoYXNo',
       true,
       now() - i * interval '1 second',
       now() - i * interval '1 second'
FROM generate_series(1, 1000000) AS i;
ANALYZE users;
