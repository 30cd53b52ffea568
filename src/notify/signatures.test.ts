import { describe, expect, it } from 'vitest';
import { dingtalkSendUrl } from './dingtalk/index.js';
import { dingtalkSign } from './dingtalk/sign.js';
import { feishuSign } from './feishu/sign.js';
import { wecomSendUrl } from './wecom/index.js';

// Vectors computed with Python's hmac and base64 modules, not with this code.
describe('robot signatures', () => {
  it('DingTalk: Base64 HMAC-SHA256 keyed with the secret over "timestamp\\nsecret", URL-encoded once in the address', () => {
    const secret = 'SEC3c8f8b7f1e2d4a6b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b';
    expect(dingtalkSign(secret, 1577262236757)).toBe('OzJrIrBqE+yS28LR6CfALAENlD4Khf1LI97CqPTFSWU=');
    const url = dingtalkSendUrl('abc123');
    url.searchParams.set('sign', dingtalkSign(secret, 1577262236757));
    expect(url.toString()).toContain('sign=OzJrIrBqE%2ByS28LR6CfALAENlD4Khf1LI97CqPTFSWU%3D');
  });

  it('Feishu: "timestamp\\nsecret" is the key, the message is empty, seconds, no URL-encoding', () => {
    expect(feishuSign('demo-feishu-secret', 1599360473)).toBe('I14G+BylJBIS1VqI4nUg1mKqMAjMGZlFJGT36IJRUr8=');
  });

  it('takes a robot’s key or its whole webhook address, as people paste either', () => {
    expect(wecomSendUrl('693a91f6-7xxx')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx');
    expect(wecomSendUrl(' https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx ')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx');
    expect(dingtalkSendUrl('https://oapi.dingtalk.com/robot/send?access_token=t0k').searchParams.get('access_token')).toBe('t0k');
    expect(dingtalkSendUrl('t0k').toString()).toBe('https://oapi.dingtalk.com/robot/send?access_token=t0k');
  });
});
