s = '😀é\u0301👍🏽'
print(len(s), s[::-1] == ''.join(reversed(s)), s[1], len(s[2:]), s.find('👍'), f"{s:>8}|", 'ab😀'.center(7, '*'), list('a😀'))
print(ascii(s), s.upper(), s.count('\u0301'))
# expect: 5 True é 3 3    😀é́👍🏽| **ab😀** ['a', '😀']
# expect: '\U0001f600\xe9\u0301\U0001f44d\U0001f3fd' 😀É́👍🏽 1
