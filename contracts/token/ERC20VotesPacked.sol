// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";

/// @title ERC20VotesPacked
/// @notice ERC20Votes whose balance and delegatee share one storage word per account, so that a transfer between
/// holders who have not delegated costs about what a plain ERC-20 transfer does.
/// @dev OpenZeppelin's ERC20Votes reads `delegates(from)` and `delegates(to)` on every transfer: two cold slots
/// (4,200 gas) even when neither side has delegated and no checkpoint is written. Here an account's word holds its
/// balance in the low 96 bits and its delegatee above them, so the transfer has already loaded both. 2^96 - 1 wei
/// (`_maxSupply`) is far above any supply this base is meant for, and every balance is at most the supply, so adding
/// to or subtracting from a word's balance never carries into the delegatee. ERC20's own balances and supply are
/// private, so this contract keeps both itself: `_update` is the body of ERC20's and ERC20Votes' `_update` together
/// (the same checks, errors, event and vote moves), and neither parent's `_update` runs. Checkpoints, the clock,
/// `delegate` and `delegateBySig` are ERC20Votes' own.
abstract contract ERC20VotesPacked is ERC20Votes {
    uint256 private constant _BALANCE_BITS = 96;
    uint256 private constant _BALANCE_MASK = type(uint96).max; // the low _BALANCE_BITS bits

    mapping(address account => uint256 word) private _accounts; // delegatee << 96 | balance
    uint256 private _supply;

    /// @inheritdoc ERC20
    function totalSupply() public view virtual override returns (uint256) {
        return _supply;
    }

    /// @inheritdoc ERC20
    function balanceOf(address account) public view virtual override returns (uint256) {
        return _accounts[account] & _BALANCE_MASK;
    }

    /// @notice The account that `account`'s votes are delegated to (zero if none).
    function delegates(address account) public view virtual override returns (address) {
        return address(uint160(_accounts[account] >> _BALANCE_BITS));
    }

    /// @dev The supply cap: balances are stored in 96 bits.
    function _maxSupply() internal view virtual override returns (uint256) {
        return _BALANCE_MASK;
    }

    /// @dev Moves `value` as ERC20 does (minting from, and burning to, the zero address), then the votes as
    /// ERC20Votes does.
    function _update(address from, address to, uint256 value) internal virtual override {
        uint256 fromWord;
        uint256 toWord;
        if (from == address(0)) {
            uint256 supply = _supply + value;
            if (supply > _BALANCE_MASK) revert ERC20ExceededSafeSupply(supply, _BALANCE_MASK);
            _supply = supply;
        } else {
            fromWord = _accounts[from];
            uint256 balance = fromWord & _BALANCE_MASK;
            if (balance < value) revert ERC20InsufficientBalance(from, balance, value);
            unchecked {
                // value <= the balance, so only the balance bits change
                _accounts[from] = fromWord - value;
            }
        }
        if (to == address(0)) {
            unchecked {
                // value <= the sender's balance <= the supply
                _supply -= value;
            }
        } else {
            toWord = _accounts[to];
            unchecked {
                // The new balance is at most the supply, below 2^96 (checked at mint): no carry into the delegatee.
                _accounts[to] = toWord + value;
            }
        }
        emit Transfer(from, to, value);
        if (from == address(0) || to == address(0)) {
            // A mint or burn also moves the total supply's checkpoints, which only Votes can reach.
            _transferVotingUnits(from, to, value);
        } else if ((fromWord | toWord) >> _BALANCE_BITS != 0) {
            _moveDelegateVotes(_delegateeIn(fromWord), _delegateeIn(toWord), value);
        }
    }

    /// @dev ERC20Votes' `_delegate` on the packed word: records the delegatee, announces it and moves the votes.
    function _delegate(address account, address delegatee) internal virtual override {
        uint256 word = _accounts[account];
        address oldDelegate = _delegateeIn(word);
        _accounts[account] = (uint256(uint160(delegatee)) << _BALANCE_BITS) | (word & _BALANCE_MASK);
        emit DelegateChanged(account, oldDelegate, delegatee);
        _moveDelegateVotes(oldDelegate, delegatee, word & _BALANCE_MASK);
    }

    function _delegateeIn(uint256 word) private pure returns (address) {
        return address(uint160(word >> _BALANCE_BITS));
    }
}
