s = 'hello world'
print(s.upper(), s.title(), s.capitalize(), len(s), s[0], s[-1], s[::-1])
print(s.split(), s.split('o'), s.split('o', 1), s.rsplit('o', 1), 'a,,b'.split(','))
print('  pad  '.strip(), '  pad  '.lstrip(), '  pad  '.rstrip(), 'xxhixx'.strip('x'))
print('-'.join(['a', 'b', 'c']), ''.join([]), ', '.join(str(i) for i in range(3)))
print(s.replace('o', '0'), s.replace('o', '0', 1), s.startswith('hell'), s.endswith(('x', 'ld')))
print(s.find('o'), s.rfind('o'), s.find('z'), s.index('w'), s.count('o'), s.count(''))
print('42'.isdigit(), 'a1'.isdigit(), 'abc'.isalpha(), 'AB'.isupper(), 'ab'.islower(), ' '.isspace())
print('7'.zfill(3), '-7'.zfill(3), 'ab'.ljust(5, '.'), 'ab'.rjust(5), 'ab'.center(6, '*'), 'abc'.center(6))
print('a\nb\r\nc'.splitlines(), 'a b'.partition(' '), 'a.b.c'.rpartition('.'))
print(repr('it\'s'), repr("say \"hi\""), repr('both \' and "'), repr('tab\there'), repr('\x00\x7f'))
print('ab' * 3, 'x' + 'y', 'abc' < 'abd', 'é'.upper(), len('naïve'))
print("""triple
quoted""", '''single
triple''')
print(r'raw\n', 'esc\\n', '\u00e9', '\x41', 'a' 'b' "c")
# expect: HELLO WORLD Hello World Hello world 11 h d dlrow olleh
# expect: ['hello', 'world'] ['hell', ' w', 'rld'] ['hell', ' world'] ['hello w', 'rld'] ['a', '', 'b']
# expect: pad pad     pad hi
# expect: a-b-c  0, 1, 2
# expect: hell0 w0rld hell0 world True True
# expect: 4 7 -1 6 2 12
# expect: True False True True True True
# expect: 007 -07 ab...    ab **ab**  abc  
# expect: ['a', 'b', 'c'] ('a', ' ', 'b') ('a.b', '.', 'c')
# expect: "it's" 'say "hi"' 'both \' and "' 'tab\there' '\x00\x7f'
# expect: ababab xy True É 5
# expect: triple
# expect: quoted single
# expect: triple
# expect: raw\n esc\n é A abc
